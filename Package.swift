// swift-tools-version: 6.1
import PackageDescription

// MARK: - Settings

/// Swift settings shared by every Palimpsest module.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// MARK: - Package

let package = Package(
    name: "Palimpsest",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Palimpsest", targets: ["Palimpsest"]),
        .library(name: "PalimpsestCore", targets: ["PalimpsestCore"]),
        .library(name: "PalimpsestDecode", targets: ["PalimpsestDecode"]),
        .library(name: "PalimpsestMetadata", targets: ["PalimpsestMetadata"]),
        .library(name: "PalimpsestFingerprint", targets: ["PalimpsestFingerprint"]),
        .library(name: "PalimpsestIndex", targets: ["PalimpsestIndex"]),
        .library(name: "PalimpsestMatch", targets: ["PalimpsestMatch"]),
        .library(name: "PalimpsestLedger", targets: ["PalimpsestLedger"]),
        .library(name: "PalimpsestSearch", targets: ["PalimpsestSearch"]),
        .library(name: "PalimpsestReport", targets: ["PalimpsestReport"]),
        .library(name: "PalimpsestEvidence", targets: ["PalimpsestEvidence"]),
        .library(name: "PalimpsestJobs", targets: ["PalimpsestJobs"]),
        .library(name: "PalimpsestServer", targets: ["PalimpsestServer"]),
        .executable(name: "palimpsest", targets: ["PalimpsestCLI"]),
        .executable(name: "palimpsest-bench", targets: ["PalimpsestBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // MARK: System libraries (headers and link flags from pkg-config where it is installed)
        .systemLibrary(
            name: "CPalimpsestLibJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"]), .brew(["jpeg-turbo"])]
        ),
        .systemLibrary(
            name: "CPalimpsestLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]
        ),
        .systemLibrary(
            name: "CPalimpsestLibWebP",
            pkgConfig: "libwebpdemux",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]
        ),
        .systemLibrary(
            name: "CPalimpsestZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),

        // MARK: C glue: setjmp trampolines around libjpeg-turbo and libpng
        .target(name: "CPalimpsestCodecs", dependencies: ["CPalimpsestLibJPEG", "CPalimpsestLibPNG"]),

        // MARK: C kernels of hot loops (each chosen at run time for the processor), allocator settings
        .target(name: "CPalimpsestKernels"),

        // MARK: Stages, in data-flow order
        .target(
            name: "PalimpsestCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestDecode",
            dependencies: ["PalimpsestCore", "CPalimpsestCodecs", "CPalimpsestLibWebP"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestMetadata",
            dependencies: ["PalimpsestCore", "CPalimpsestZlib"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestFingerprint",
            dependencies: ["PalimpsestCore", "CPalimpsestKernels"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestIndex",
            dependencies: ["PalimpsestCore", "PalimpsestFingerprint", "CPalimpsestKernels"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestMatch",
            dependencies: ["PalimpsestCore", "PalimpsestFingerprint", "PalimpsestIndex", "CPalimpsestKernels"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestLedger",
            dependencies: [
                "PalimpsestCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestSearch",
            dependencies: [
                "PalimpsestCore", "PalimpsestDecode", "PalimpsestMetadata", "PalimpsestFingerprint", "PalimpsestIndex",
                "PalimpsestMatch", "PalimpsestLedger", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestReport",
            dependencies: [
                "PalimpsestCore", "PalimpsestDecode", "PalimpsestFingerprint", "PalimpsestMatch", "PalimpsestLedger",
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestEvidence",
            dependencies: [
                "PalimpsestCore", "PalimpsestDecode", "PalimpsestFingerprint", "PalimpsestLedger", "PalimpsestReport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PalimpsestJobs",
            dependencies: [
                "PalimpsestCore", "PalimpsestDecode", "PalimpsestMetadata", "PalimpsestFingerprint", "PalimpsestMatch",
                "PalimpsestLedger", "PalimpsestSearch", "PalimpsestReport", "CPalimpsestKernels",
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Palimpsest",
            dependencies: [
                "PalimpsestCore", "PalimpsestDecode", "PalimpsestMetadata", "PalimpsestFingerprint", "PalimpsestIndex",
                "PalimpsestMatch", "PalimpsestLedger", "PalimpsestSearch", "PalimpsestReport", "PalimpsestEvidence",
                "PalimpsestJobs",
            ],
            swiftSettings: strictSettings
        ),

        .target(
            name: "PalimpsestServer",
            dependencies: [
                "PalimpsestCore", "PalimpsestDecode", "PalimpsestMatch", "PalimpsestLedger", "PalimpsestSearch", "PalimpsestReport",
                "PalimpsestJobs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: strictSettings
        ),

        // MARK: Shells
        .executableTarget(
            name: "PalimpsestCLI",
            dependencies: ["Palimpsest", "PalimpsestServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "PalimpsestBench",
            dependencies: ["Palimpsest"],
            swiftSettings: strictSettings
        ),

        // MARK: Tests
        .target(
            name: "PalimpsestTestSupport",
            dependencies: ["PalimpsestCore", "PalimpsestDecode", "PalimpsestFingerprint"],
            path: "Tests/PalimpsestTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "LedgerSpecifications",
            dependencies: ["PalimpsestTestSupport", "PalimpsestFingerprint", "PalimpsestMatch", "PalimpsestLedger", "PalimpsestJobs"],
            path: "Tests/LedgerSpecifications",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DecodeTests",
            dependencies: ["PalimpsestDecode", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MetadataTests",
            dependencies: ["PalimpsestMetadata", "Palimpsest", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FingerprintTests",
            dependencies: ["PalimpsestFingerprint", "PalimpsestDecode", "CPalimpsestKernels", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IndexTests",
            dependencies: ["PalimpsestIndex", "CPalimpsestKernels", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MatchTests",
            dependencies: ["PalimpsestMatch", "Palimpsest", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["LedgerSpecifications", "PalimpsestLedger", "Palimpsest", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReportTests",
            dependencies: ["PalimpsestReport", "Palimpsest", "PalimpsestTestSupport", .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "PalimpsestServer", "Palimpsest", "PalimpsestTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["LedgerSpecifications", "Palimpsest", "PalimpsestCLI", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["LedgerSpecifications", "PalimpsestLedger", "Palimpsest", "PalimpsestTestSupport"],
            swiftSettings: strictSettings
        ),
    ]
)
