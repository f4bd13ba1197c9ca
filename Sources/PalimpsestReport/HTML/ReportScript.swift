import PalimpsestCore
import Foundation
import PalimpsestFingerprint

/// The page's only script: it makes the overlay opacity sliders work. Everything else,
/// blinking included, works without it. The page's Content-Security-Policy allows this
/// script by its hash and no other script at all.
enum ReportScript {
    static let source = """
        document.documentElement.classList.add("js");
        document.querySelectorAll("input[data-overlay]").forEach(function (slider) {
          var top = document.getElementById(slider.getAttribute("data-overlay"));
          if (!top) { return; }
          function apply() { top.style.opacity = String(slider.value / 100); }
          slider.addEventListener("input", apply);
          apply();
        });
        """

    /// The CSP source expression for the script: `'sha256-<base64 of its SHA-256>'`.
    static var cspHash: String {
        let hex = Digest.sha256Hex(Data(source.utf8))
        var digest = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            digest.append(UInt8(hex[index ..< next], radix: 16)!)
            index = next
        }
        return "'sha256-\(digest.base64EncodedString())'"
    }

    /// The page's Content-Security-Policy: no network, no plugins, pictures from the page's
    /// folder or data URIs, inline CSS, and only this script.
    static var contentSecurityPolicy: String {
        "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; script-src \(cspHash); base-uri 'none'; form-action 'none'"
    }
}
