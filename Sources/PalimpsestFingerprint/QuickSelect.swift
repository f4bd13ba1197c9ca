import PalimpsestCore

/// Hoare's selection: the `k`-th smallest of some values in expected linear time, by
/// partitioning them in place around a pivot and keeping only the side that holds it.
enum QuickSelect {
    /// The element sorting `values` would put at index `k` (Hoare's quickselect, reordering
    /// `values`).
    static func element(at k: Int, of values: UnsafeMutableBufferPointer<Float>) -> Float {
        var low = 0, high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                break
            }
        }
        return values[k]
    }
}
