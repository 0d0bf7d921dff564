use clap::Parser;

#[tokio::main]
async fn main() {
    server::init_tracing();
    let cli = server::cli::Cli::parse();
    if let Err(e) = server::cli::run(cli).await {
        eprintln!("beilei: {e:#}");
        std::process::exit(1);
    }
}
