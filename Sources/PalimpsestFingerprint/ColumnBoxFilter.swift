import PalimpsestCore

/// PDQ's one-dimensional box filter applied down the columns of an image that arrives one row
/// at a time.
///
/// Each column gets exactly the reference's running sum (`box1DFloat`): the same additions and
/// subtractions in the same order, so results are bit-identical, but only about `window` rows
/// are held in memory instead of the whole image.
final class ColumnBoxFilter {
    /// Floats per row.
    let width: Int
    /// Rows in the whole image.
    let length: Int
    /// The full window size.
    let window: Int
    /// The reference's half window, `(window + 2) / 2`.
    let half: Int
    /// How many rows past the next one the caller may fill before committing.
    let lookahead: Int
    private let ring: UnsafeMutablePointer<Float>
    private let sum: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<Float>
    /// Input rows committed so far.
    private(set) var rowsCommitted = 0
    private var count = 0

    /// Prepares a filter for `length` rows of `width` floats.
    ///
    /// - Parameter lookahead: how many rows beyond the next one ``rowBuffer(_:)`` may hand out.
    init(width: Int, length: Int, window: Int, lookahead: Int = 0) {
        self.width = width
        self.length = length
        self.window = window
        self.lookahead = lookahead
        half = (window + 2) / 2
        ring = .allocate(capacity: width * (window + 1 + lookahead))
        sum = .allocate(capacity: width)
        sum.initialize(repeating: 0, count: width)
        output = .allocate(capacity: width)
    }

    deinit {
        ring.deallocate()
        sum.deallocate()
        output.deallocate()
    }

    /// Where the caller writes input row `row` before committing it.
    ///
    /// - Precondition: `row` is the next row to commit or at most ``lookahead`` rows after it.
    func rowBuffer(_ row: Int) -> UnsafeMutablePointer<Float> {
        precondition(row >= rowsCommitted && row <= rowsCommitted + lookahead, "row outside the lookahead window")
        return slot(row)
    }

    /// Takes in the next input row, already written to its ``rowBuffer(_:)``, and emits the
    /// output row it completes, if any.
    ///
    /// - Parameter emit: called with an output row's index and its `width` floats.
    func commitRow(emit: (Int, UnsafePointer<Float>) -> Void) {
        let r = rowsCommitted
        let row = slot(r)
        rowsCommitted += 1
        for c in 0 ..< width { sum[c] += row[c] }
        count += 1
        guard r >= half - 1 else { return }
        if r >= window {
            let old = slot(r - window)
            for c in 0 ..< width { sum[c] -= old[c] }
            count -= 1
        }
        divide()
        emit(r - (half - 1), output)
    }

    /// Emits the last `half - 1` output rows, which need no further input.
    ///
    /// - Precondition: all `length` rows have been committed.
    func finish(emit: (Int, UnsafePointer<Float>) -> Void) {
        precondition(rowsCommitted == length, "finish before all rows arrived")
        for o in (length - half + 1) ..< length {
            let old = slot(o + half - 1 - window)
            for c in 0 ..< width { sum[c] -= old[c] }
            count -= 1
            divide()
            emit(o, output)
        }
    }

    private func slot(_ row: Int) -> UnsafeMutablePointer<Float> {
        ring + (row % (window + 1 + lookahead)) * width
    }

    private func divide() {
        let divisor = Float(count)
        for c in 0 ..< width { output[c] = sum[c] / divisor }
    }
}
