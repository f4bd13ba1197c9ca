/// Torben Mogensen's median selection, as PDQ's reference implementation uses it.
///
/// For an even count it returns the lower median, the `(n + 1) / 2`-th smallest value, so for
/// PDQ's 256 DCT coefficients the 128th smallest. It reads the values without reordering them.
enum Torben {
    /// The `(count + 1) / 2`-th smallest of `values`.
    ///
    /// - Precondition: `values` is not empty and holds no NaN.
    static func median(_ values: UnsafeBufferPointer<Float>) -> Float {
        precondition(!values.isEmpty, "median of nothing")
        let n = values.count
        let halfway = (n + 1) / 2
        var minimum = values[0]
        var maximum = values[0]
        for value in values.dropFirst() {
            if value < minimum { minimum = value }
            if value > maximum { maximum = value }
        }
        while true {
            let guess = (minimum + maximum) / 2
            var less = 0
            var greater = 0
            var equal = 0
            var maxBelowGuess = minimum
            var minAboveGuess = maximum
            for value in values {
                if value < guess {
                    less += 1
                    if value > maxBelowGuess { maxBelowGuess = value }
                } else if value > guess {
                    greater += 1
                    if value < minAboveGuess { minAboveGuess = value }
                } else {
                    equal += 1
                }
            }
            if less <= halfway && greater <= halfway {
                if less >= halfway { return maxBelowGuess }
                if less + equal >= halfway { return guess }
                return minAboveGuess
            }
            if less > greater {
                maximum = maxBelowGuess
            } else {
                minimum = minAboveGuess
            }
        }
    }
}
