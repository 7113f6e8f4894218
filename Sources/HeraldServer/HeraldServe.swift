import Logging

/// `herald serve`, assembled: data directory, store, EMSMDB processor, MAPI/HTTP.
public enum HeraldServe {
    public static func run(options: HeraldServerOptions, logger: Logger) async throws {
        throw HeraldError("the EMSMDB processor is not merged yet")
    }
}
