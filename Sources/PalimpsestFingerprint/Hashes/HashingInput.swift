import PalimpsestCore

/// What the perceptual hashes of one image are computed from, computed once however many hashes
/// read it: Pillow's grey levels of the pixels (as ImageHash converts them), the pixel counts of
/// ImageHash's colour hash, and grey thumbnails resized as Pillow's LANCZOS resizes them, each
/// made at its first request.
///
/// One image's input is used by one thread at a time.
public final class HashingInput {
    /// The pixels hashed.
    public let raster: Raster
    /// Pillow's grey levels of ``raster``.
    let gray: GrayImage
    /// The colour classes colorhash counts.
    let colours: ColorHashTally
    private var thumbnails: [Int: [UInt8]] = [:]

    /// Converts `raster` once for every hash.
    ///
    /// - Precondition: the raster is not empty.
    public init(_ raster: Raster) {
        precondition(raster.width > 0 && raster.height > 0, "an empty raster has no hashes")
        self.raster = raster
        gray = GrayImage(width: raster.width, height: raster.height)
        colours = ImageHasher.convert(raster, into: gray)
    }

    /// The grey image resized to `width` × `height` by Pillow's LANCZOS filter, row-major.
    public func thumbnail(width: Int, height: Int) -> [UInt8] {
        let key = width << 32 | height
        if let made = thumbnails[key] { return made }
        let made = PillowResample.resize(gray, width: width, height: height)
        thumbnails[key] = made
        return made
    }
}
