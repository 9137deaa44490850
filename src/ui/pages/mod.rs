//! Routed pages: they read the URL, load data through server functions and hand plain
//! values to components.

mod compare;
mod home;
mod lineage;
mod locations;
mod not_found;
mod overview;

pub use compare::ComparePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
