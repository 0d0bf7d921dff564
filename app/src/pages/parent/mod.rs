//! The guardian's pages: the children, applications, agreements and the family's data.
pub(crate) mod agreement;
pub(crate) mod applications;
pub(crate) mod child;
pub(crate) mod home;
pub(crate) mod money;
pub(crate) mod my_data;
pub(crate) mod photos;
pub(crate) mod proof;
