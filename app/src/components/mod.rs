//! Pieces shared by pages: the header, loading and error states, forms,
//! files, islands; and what pages of more than one audience show (tenders,
//! contracts, statements, incidents, a child's needs…). Each lives in a
//! file named after it; this file only names them.
mod files;
mod form_error;
mod header;
mod islands;
mod print_button;
mod show;

pub use files::{FilePicker, SheetForm, read_file, scaled_jpeg};
pub use form_error::{FormError, failure};
pub use header::Header;
pub use islands::{PageHasIslands, expects_island, island_action, island_here, ready};
pub use print_button::PrintButton;
pub use show::{ErrorBox, Loading, show};
