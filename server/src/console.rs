//! What the server prints for its operator on standard output: the first
//! steps on an empty database, and the demo data's sign-ins.
#[cfg(feature = "demo")]
use demo::{DEMO_PASSWORD, DemoReport};

/// What a new deployment's operator reads when the database has nobody.
pub fn print_first_steps() {
    println!("The database has no districts and no accounts yet. Create the first district and its bureau official:");
    println!("  beilei add-district --city-code 2201 --city-name 长春市 --code 220173 --name 长春净月高新技术产业开发区 --policy 000");
    println!("  beilei add-account --role bureau-official --district 220173 --username bureau --name 区教育局  (prints its password once)");
    #[cfg(feature = "demo")]
    println!("(To try the product with demo data instead, start with BEILEI_DEMO_WHEN_EMPTY=true.)");
}

#[cfg(feature = "demo")]
pub fn print_demo(report: &DemoReport) {
    println!(
        "Demo data loaded in {:.1} s: {} districts, {} schools, {} classes, {} students, {} guardians.",
        report.seconds, report.districts, report.schools, report.classes, report.students, report.guardians
    );
    if report.child_days > 0 {
        println!("One term of attendance: {} child-days, loaded in {:.1} s; {} children enrolled.", report.child_days, report.attendance_seconds, report.enrolled);
    }
    println!("The bureau's statistics counted in {:.1} s.", report.stats_seconds);
    println!("Demo sign-ins (password for all: {DEMO_PASSWORD}):");
    for s in &report.sign_ins {
        println!("  {:<18} {:<16} {}", s.role.as_str(), s.login, s.scope);
    }
}
