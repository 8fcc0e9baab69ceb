//! Floor 9 (output). The visuals kitpress draws itself for each item —
//! social cards in the theme's layouts (issue 29), built step by step.
//!
//! - [`text`]: text that fits a layout, measured with the real advances of
//!   the theme's fonts (Atkinson Hyperlegible, OFL, shipped in
//!   `themes/clicmouv/visuels/polices/` by `scripts/vendor-fonts.sh`; never
//!   a font of the machine, so a visual has the same pixels everywhere).
//! - [`raster`]: a filled-in SVG layout drawn by resvg at the exact pixel
//!   size of a format, with those fonts only and no file read.
//! - [`cards`]: every item's visuals, from its data to the files, cached.

pub mod cards;
pub mod raster;
pub mod text;
