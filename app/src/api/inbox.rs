//! The guardian's inbox.
use crate::error::AppError;
use leptos::prelude::*;
use wire::inbox::InboxItem;

#[server(endpoint = "inbox")]
pub async fn inbox() -> Result<Vec<InboxItem>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::messages::inbox::list(&cx).await?)
}

#[server(endpoint = "mark_inbox_read")]
pub async fn mark_inbox_read() -> Result<u64, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::messages::inbox::mark_all_read(&cx).await?)
}
