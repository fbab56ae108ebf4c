extension Catalog {
    /// The built-in catalog `iic-smm`: the IIC IoT Security Maturity Model, v1.2 names.
    public static let iicSMM = Catalog(
        id: "iic-smm", name: "IIC IoT Security Maturity Model (v1.2)",
        domains: [
            Domain(
                id: "governance", name: "Security Governance",
                subdomains: [
                    Subdomain(
                        id: "strategy-and-governance", name: "Security Strategy and Governance",
                        practices: [
                            Practice(id: "security-program-management", name: "Security Program Management"),
                            Practice(id: "compliance-management", name: "Compliance Management"),
                        ]),
                    Subdomain(
                        id: "threat-modeling", name: "Threat Modeling",
                        practices: [
                            Practice(id: "threat-modeling", name: "Threat Modeling"),
                            Practice(id: "risk-attitude", name: "Risk Attitude"),
                        ]),
                    Subdomain(
                        id: "supply-chain-and-external-dependencies-management",
                        name: "Supply Chain and External Dependencies Management",
                        practices: [
                            Practice(
                                id: "product-supply-chain-risk-management", name: "Product Supply Chain Risk Management"
                            ),
                            Practice(
                                id: "services-third-party-dependencies-management",
                                name: "Services Third-Party Dependencies Management"),
                        ]),
                ]),
            Domain(
                id: "enablement", name: "Security Enablement",
                subdomains: [
                    Subdomain(
                        id: "identity-and-access-management", name: "Identity and Access Management",
                        practices: [
                            Practice(
                                id: "establishing-and-maintaining-identities",
                                name: "Establishing and Maintaining Identities"),
                            Practice(id: "access-control", name: "Access Control"),
                        ]),
                    Subdomain(
                        id: "asset-management", name: "Asset Management",
                        practices: [
                            Practice(
                                id: "asset-change-and-configuration-management",
                                name: "Asset, Change and Configuration Management"),
                            Practice(id: "physical-protection", name: "Physical Protection"),
                        ]),
                    Subdomain(
                        id: "data-protection", name: "Data Protection",
                        practices: [
                            Practice(
                                id: "security-model-and-policy-for-data", name: "Security Model and Policy for Data"),
                            Practice(
                                id: "implementation-of-data-protection-controls",
                                name: "Implementation of Data Protection Controls"),
                        ]),
                ]),
            Domain(
                id: "hardening", name: "Security Hardening",
                subdomains: [
                    Subdomain(
                        id: "vulnerability-management", name: "Vulnerability Management",
                        practices: [
                            Practice(id: "vulnerability-assessment", name: "Vulnerability Assessment"),
                            Practice(id: "patch-management", name: "Patch Management"),
                        ]),
                    Subdomain(
                        id: "situational-awareness", name: "Situational Awareness",
                        practices: [
                            Practice(id: "monitoring-practices", name: "Monitoring Practices"),
                            Practice(
                                id: "situational-awareness-and-information-sharing",
                                name: "Situational Awareness and Information Sharing"),
                        ]),
                    Subdomain(
                        id: "event-and-incident-response",
                        name: "Event and Incident Response, Continuity of Operations",
                        practices: [
                            Practice(
                                id: "event-detection-and-response-plan", name: "Event Detection and Response Plan"),
                            Practice(
                                id: "remediation-recovery-and-continuity-of-operations",
                                name: "Remediation, Recovery and Continuity of Operations"),
                        ]),
                ]),
        ])

    /// The built-in catalogs by id.
    public static let builtIn: [String: Catalog] = ["iic-smm": .iicSMM]
}
