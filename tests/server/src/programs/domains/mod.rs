//! Virtual servers: listing them, and creating, deleting, disabling and enabling them.

mod changes;
mod listing;

pub use changes::{create, delete, disable, enable};
pub use listing::list;
