import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import Foundation

/// Makes run ids that sort by time and do not collide: `20261121T093000Z-3fa9c1`.
public enum RunIdentifier {
    /// A new id for a run starting now.
    public static func make(at date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        let suffix = String(format: "%06x", UInt32.random(in: 0 ..< 0x1000000))
        return "\(stamp)-\(suffix)"
    }
}
