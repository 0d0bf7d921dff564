//! `text_enum!`: the text form of a plain enum, as stored and as sent in
//! forms: `ALL`, `as_str` and `parse`.

macro_rules! text_enum {
    ($ty:ty { $($variant:ident = $text:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $text),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some(<$ty>::$variant),)* _ => None }
            }
        }
    };
}
pub(crate) use text_enum;
