import PalimpsestCore

/// Torben Mogensen's selection, as PDQ's reference implementation uses it for the median.
///
/// It reads the values without reordering them: each pass counts the values below and above a
/// guess halfway between the current bounds, and moves a bound to the nearest value on the
/// side where the wanted one lies.
enum Torben {
    /// The lower median, the `(count + 1) / 2`-th smallest of `values` (for PDQ's 256 DCT
    /// coefficients, the 128th smallest).
    ///
    /// - Precondition: `values` is not empty and holds no NaN.
    static func median(_ values: UnsafeBufferPointer<Float>) -> Float {
        smallest((values.count + 1) / 2, of: values)
    }

    /// The `rank`-th smallest of `values`, counting from 1.
    ///
    /// - Precondition: `1 <= rank <= values.count`, and `values` holds no NaN.
    static func smallest(_ rank: Int, of values: UnsafeBufferPointer<Float>) -> Float {
        precondition(rank >= 1 && rank <= values.count, "rank outside the values")
        var minimum = values[0]
        var maximum = values[0]
        for value in values.dropFirst() {
            if value < minimum { minimum = value }
            if value > maximum { maximum = value }
        }
        while true {
            let guess = (minimum + maximum) / 2
            var less = 0
            var equal = 0
            var maxBelowGuess = minimum
            var minAboveGuess = maximum
            for value in values {
                if value < guess {
                    less += 1
                    if value > maxBelowGuess { maxBelowGuess = value }
                } else if value > guess {
                    if value < minAboveGuess { minAboveGuess = value }
                } else {
                    equal += 1
                }
            }
            if less == rank { return maxBelowGuess }
            if less > rank {
                maximum = maxBelowGuess
            } else if less + equal >= rank {
                return guess
            } else if less + equal + 1 == rank {
                return minAboveGuess
            } else {
                minimum = minAboveGuess
            }
        }
    }
}
