//! Server functions: thin adapters that take the request's actor, call one
//! domain service (which checks authorization) and return wire types.
use crate::error::AppError;
use leptos::prelude::*;
use wire::home::Home;
use wire::ids::{DistrictId, SchoolId};
use wire::org::{self, Child};

/// Signs in with a phone number or user name; sets the session cookie and
/// sends the browser home.
#[server(endpoint = "sign_in")]
pub async fn sign_in(identifier: String, password: wire::secret::Secret) -> Result<(), AppError> {
    use crate::ssr::*;
    let ctx = ctx()?;
    start_session(&ctx, &identifier, password).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    if let Some(token) = request_info().session_token {
        domain::auth::sign_out(&cx, &token).await?;
    }
    clear_session_cookie(&ctx);
    leptos_axum::redirect("/");
    Ok(())
}

/// Remembers the language (`zh`, `en`…) in a cookie; a posted form comes
/// back to its page in that language, a script caller gets the language.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<String, AppError> {
    let Some(lang) = crate::i18n::Lang::ALL.into_iter().find(|l| l.cookie_value() == lang) else {
        return Err(AppError::Invalid { field: "lang".into(), rule: "unknown".into() });
    };
    crate::ssr::append_cookie(&crate::i18n::lang_cookie(lang));
    Ok(lang.cookie_value().to_string())
}

/// Who is signed in and what their roles let them do; `None` when nobody is.
#[server(endpoint = "me")]
pub async fn me() -> Result<Option<Home>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    match request_info().actor {
        Some(_) => Ok(Some(domain::home::home(&cx).await?)),
        None => Ok(None),
    }
}

#[server(endpoint = "district_overview")]
pub async fn district_overview(district: DistrictId) -> Result<org::DistrictOverview, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::org::district_overview(&cx, district).await?)
}

#[server(endpoint = "school_overview")]
pub async fn school_overview(school: SchoolId) -> Result<org::SchoolOverview, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::org::school_overview(&cx, school).await?)
}

#[server(endpoint = "my_children")]
pub async fn my_children() -> Result<Vec<Child>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::org::my_children(&cx).await?)
}

mod plan;
pub use plan::*;

mod enrolment;
pub use enrolment::*;

mod inbox;
pub use inbox::*;

mod notice;
pub use notice::*;

mod families;
pub use families::*;

mod agreement;
pub use agreement::*;

mod operations;
pub use operations::*;

mod service_day;
pub use service_day::*;

mod records;
pub use records::*;

mod tender;
pub use tender::*;

mod money;
pub use money::*;

mod bureau;
pub use bureau::*;
