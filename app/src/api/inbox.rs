//! The guardian's inbox.
use crate::error::AppError;
use leptos::prelude::*;
use wire::inbox::InboxItem;

#[server(endpoint = "inbox")]
pub async fn inbox() -> Result<Vec<InboxItem>, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::messages::inbox::list(&ctx.db.read, &actor).await?)
}

#[server(endpoint = "mark_inbox_read")]
pub async fn mark_inbox_read() -> Result<u64, AppError> {
    use crate::ssr::*;
    let (ctx, actor) = (ctx()?, actor()?);
    Ok(domain::messages::inbox::mark_all_read(&ctx.db.write, &actor).await?)
}
