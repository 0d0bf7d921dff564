//! Pieces shared by pages: the header, loading and error states, forms,
//! files, islands; and what the pages of more than one audience show. Each
//! lives in a file named after it; this file only names them.
mod application_card;
mod apply_section;
mod bar_list;
mod document_list;
mod files;
mod form_error;
mod header;
mod incident_form;
mod islands;
mod needs_list;
mod pickup_line;
mod print_button;
mod show;
mod statement_card;
mod tenders;
mod terms_fields;
mod week_view;

pub use application_card::ApplicationCard;
pub use apply_section::ApplySection;
pub use bar_list::BarList;
pub use document_list::DocumentList;
pub use files::{FilePicker, SheetForm, read_file, scaled_jpeg};
pub use form_error::{FormError, failure};
pub use header::Header;
pub use incident_form::{IncidentForm, severity};
pub use islands::{PageHasIslands, expects_island, island_action, island_here, ready};
pub use needs_list::{NeedsList, ReadsList};
pub use pickup_line::PickupLine;
pub use print_button::PrintButton;
pub use show::{ErrorBox, Loading, show};
pub use statement_card::StatementCard;
pub use tenders::{ContractList, TenderList, when};
pub use terms_fields::TermsFields;
pub use week_view::WeekView;
