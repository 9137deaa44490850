//! Routed pages: they read the URL, load data through server functions and hand plain
//! values to components.

mod home;
mod lineage;
mod not_found;
mod picker;

pub use home::HomePage;
pub use not_found::NotFoundPage;
