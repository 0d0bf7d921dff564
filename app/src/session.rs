//! The signed-in person, as the header and the pages ask about them.
use crate::api::{Register, SignIn, SignOut};
use crate::error::AppError;
use leptos::prelude::*;
use wire::home::{Home, RoleCard};
use wire::roles::Role;

/// The signed-in person (refetched after signing in or out), shared by the
/// header and the pages.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: Resource<Result<Option<Home>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    /// Registering signs the new guardian in.
    pub register: ServerAction<Register>,
}

impl Session {
    /// Whether the signed-in person holds a role card matching `f` (tracks
    /// `me`, so read it inside Suspense). Only chooses what to offer: the
    /// server decides what each person may do.
    pub fn holds(&self, f: impl Fn(&RoleCard) -> bool) -> bool {
        self.me.get().and_then(|r| r.ok()).flatten().is_some_and(|home| home.roles.iter().any(f))
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Whether the signed-in person is a school admin (the server decides for
/// which school; this only chooses what to offer).
pub(crate) fn is_school_admin() -> impl Fn() -> bool + Copy {
    let session = use_session();
    move || session.holds(|r| r.role == Role::SchoolAdmin)
}
