import PalimpsestCore

/// What a decoder does with an alpha channel, since a ``PalimpsestCore/Raster`` has none.
public enum AlphaHandling: Sendable, Hashable {
    /// Composites every pixel onto opaque white: `out = a·c + (1 − a)·255`, with `a` in 0…1,
    /// rounded to the nearest integer (halves up). Fully transparent pixels become white,
    /// whatever colour they store.
    case compositeOnWhite
    /// Keeps the colour channels as stored and discards alpha, as Pillow's `convert("RGB")`
    /// does: use it to reproduce reference hashes computed on Pillow's pixels.
    case drop
}
