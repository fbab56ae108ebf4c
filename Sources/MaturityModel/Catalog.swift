/// A practice: the leaf of the SMM hierarchy, rated by comprehensiveness and scope.
public struct Practice: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A subdomain groups practices by the problem they address.
public struct Subdomain: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let practices: [Practice]
    public init(id: String, name: String, practices: [Practice]) {
        self.id = id
        self.name = name
        self.practices = practices
    }
}

/// A domain: the top level of the hierarchy (governance, enablement, hardening in the IIC SMM).
public struct Domain: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let subdomains: [Subdomain]
    public init(id: String, name: String, subdomains: [Subdomain]) {
        self.id = id
        self.name = name
        self.subdomains = subdomains
    }
}

/// Where a practice sits in its catalog.
public struct PracticeLocation: Hashable, Sendable {
    public let practice: Practice
    public let subdomain: Subdomain
    public let domain: Domain
    /// Position of the practice in catalog order (0-based), the order of every report.
    public let index: Int
}

/// A tree of domains > subdomains > practices, with lookups by id.
///
/// Ids are unique per kind (a subdomain and a practice may share one, as `threat-modeling`
/// does in the IIC SMM). Catalog order is the order in which reports list things.
public struct Catalog: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let domains: [Domain]
    /// Every practice in catalog order, with its subdomain and domain.
    public let practices: [PracticeLocation]
    private let practiceIndex: [String: Int]

    /// Creates a catalog. The caller guarantees unique, non-empty ids (`CatalogLoader` checks them).
    /// - Parameters:
    ///   - id: The catalog id, e.g. `iic-smm`.
    ///   - name: A human name.
    ///   - domains: The tree.
    public init(id: String, name: String, domains: [Domain]) {
        self.id = id
        self.name = name
        self.domains = domains
        var locations: [PracticeLocation] = []
        var index: [String: Int] = [:]
        for domain in domains {
            for subdomain in domain.subdomains {
                for practice in subdomain.practices {
                    index[practice.id] = locations.count
                    locations.append(
                        PracticeLocation(
                            practice: practice, subdomain: subdomain,
                            domain: domain, index: locations.count))
                }
            }
        }
        self.practices = locations
        self.practiceIndex = index
    }

    /// The location of a practice, or `nil` for an unknown id.
    public func location(ofPractice id: String) -> PracticeLocation? {
        practiceIndex[id].map { practices[$0] }
    }

    /// The domain with this id, if any.
    public func domain(id: String) -> Domain? { domains.first { $0.id == id } }

    /// Every subdomain in catalog order.
    public var subdomains: [Subdomain] { domains.flatMap(\.subdomains) }

    /// Every practice id in catalog order.
    public var practiceIDs: [String] { practices.map(\.practice.id) }
}

extension Catalog {
    private enum CodingKeys: String, CodingKey { case id, name, domains }

    /// Encoded as its tree; the lookups are rebuilt when decoded.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(domains, forKey: .domains)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            domains: try container.decode([Domain].self, forKey: .domains))
    }
}
