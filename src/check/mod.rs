//! Checks that need the rendered site (after stage 4): each in its module.

pub mod anchors;
