//! Placeholder: this binding is being written.
