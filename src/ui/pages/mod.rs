//! Routed pages: they read the URL, load data through server functions and hand plain
//! values to components.

mod home;
mod not_found;

pub use home::HomePage;
pub use not_found::NotFoundPage;
