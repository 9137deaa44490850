//! Routed pages: they read the URL, load data through server functions and hand plain
//! values to components.

mod compare;
mod home;
mod lineage;
mod not_found;
mod picker;

pub use compare::ComparePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
