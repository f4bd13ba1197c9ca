import PalimpsestCore
import Foundation
import Palimpsest

/// The images a panel is made from: the files of LIST (one path a line, as
/// `Scripts/make_panel.py` writes), analysed in parallel.
enum PanelImages {
    /// The paths LIST names and, for each in order, what `pick` keeps of its analysis; a file
    /// that does not decode is reported as left out of `panel` and has `nil`.
    static func analyze<T: Sendable>(list: String, options: AnalysisOptions, panel: String,
                                     pick: @escaping @Sendable (AnalyzedImage) -> T?) throws -> (paths: [String], picked: [T?]) {
        let paths = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let analyzer = ImageAnalyzer(options: options)
        var picked: [T?] = Array(repeating: nil, count: paths.count)
        OrderedParallel.run(Array(paths.indices), jobs: OrderedParallel.cores, work: { index -> T? in
            do {
                return pick(try analyzer.analyze(path: paths[index]))
            } catch {
                FileHandle.standardError.write(Data("palimpsest-bench: \(paths[index]): \(error); left out of the \(panel)\n".utf8))
                return nil
            }
        }) { index, value in picked[index] = value }
        return (paths, picked)
    }
}
