//! The address rules for `imageUrl` downloads. Only public unicast addresses are fetched. The
//! tables below list every other block with the rule that forbids it, and IPv6 forms that embed
//! an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the embedded address.
//! An address that the operator lists as the host of an allowed origin is exempt, which is how
//! a loopback test server is allowed.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::settings::Origin;

/// The rule that forbids fetching from an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressRule {
    /// `0.0.0.0`, `::`.
    Unspecified,
    /// `127.0.0.0/8`, `::1`: the machine itself, including the Lambda runtime API.
    Loopback,
    /// `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`.
    Private,
    /// `169.254.0.0/16` (cloud metadata services live at 169.254.169.254), `fe80::/10`.
    LinkLocal,
    /// `100.64.0.0/10`, the carrier-grade NAT space.
    SharedAddressSpace,
    /// `224.0.0.0/4`, `ff00::/8`.
    Multicast,
    /// `255.255.255.255`.
    Broadcast,
    /// `fc00::/7`.
    UniqueLocal,
    /// Blocks reserved for documentation, benchmarking, protocol use or the future, and IPv6
    /// site-local and Teredo addresses.
    Reserved,
}

impl AddressRule {
    /// Returns the rule's short name, used in error details.
    pub const fn name(self) -> &'static str {
        match self {
            AddressRule::Unspecified => "unspecified",
            AddressRule::Loopback => "loopback",
            AddressRule::Private => "private",
            AddressRule::LinkLocal => "link-local",
            AddressRule::SharedAddressSpace => "shared-address-space",
            AddressRule::Multicast => "multicast",
            AddressRule::Broadcast => "broadcast",
            AddressRule::UniqueLocal => "unique-local",
            AddressRule::Reserved => "reserved",
        }
    }
}

impl fmt::Display for AddressRule {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            AddressRule::Unspecified => "an unspecified address",
            AddressRule::Loopback => "a loopback address",
            AddressRule::Private => "a private address",
            AddressRule::LinkLocal => "a link-local address",
            AddressRule::SharedAddressSpace => "a carrier-grade NAT address (100.64.0.0/10)",
            AddressRule::Multicast => "a multicast address",
            AddressRule::Broadcast => "the broadcast address",
            AddressRule::UniqueLocal => "a unique-local address",
            AddressRule::Reserved => "a reserved address",
        };
        formatter.write_str(text)
    }
}

/// IPv4 blocks that are never fetched. The first block that contains an address decides.
const IPV4_BLOCKS: &[(Ipv4Addr, u8, AddressRule)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 32, AddressRule::Unspecified),
    (
        Ipv4Addr::new(255, 255, 255, 255),
        32,
        AddressRule::Broadcast,
    ),
    (Ipv4Addr::new(0, 0, 0, 0), 8, AddressRule::Reserved),
    (Ipv4Addr::new(10, 0, 0, 0), 8, AddressRule::Private),
    (
        Ipv4Addr::new(100, 64, 0, 0),
        10,
        AddressRule::SharedAddressSpace,
    ),
    (Ipv4Addr::new(127, 0, 0, 0), 8, AddressRule::Loopback),
    (Ipv4Addr::new(169, 254, 0, 0), 16, AddressRule::LinkLocal),
    (Ipv4Addr::new(172, 16, 0, 0), 12, AddressRule::Private),
    (Ipv4Addr::new(192, 0, 0, 0), 24, AddressRule::Reserved),
    (Ipv4Addr::new(192, 0, 2, 0), 24, AddressRule::Reserved),
    (Ipv4Addr::new(192, 88, 99, 0), 24, AddressRule::Reserved),
    (Ipv4Addr::new(192, 168, 0, 0), 16, AddressRule::Private),
    (Ipv4Addr::new(198, 18, 0, 0), 15, AddressRule::Reserved),
    (Ipv4Addr::new(198, 51, 100, 0), 24, AddressRule::Reserved),
    (Ipv4Addr::new(203, 0, 113, 0), 24, AddressRule::Reserved),
    (Ipv4Addr::new(224, 0, 0, 0), 4, AddressRule::Multicast),
    (Ipv4Addr::new(240, 0, 0, 0), 4, AddressRule::Reserved),
];

/// IPv6 blocks that are never fetched, apart from those that embed an IPv4 address.
const IPV6_BLOCKS: &[(Ipv6Addr, u8, AddressRule)] = &[
    (Ipv6Addr::UNSPECIFIED, 128, AddressRule::Unspecified),
    (Ipv6Addr::LOCALHOST, 128, AddressRule::Loopback),
    (
        Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0),
        64,
        AddressRule::Reserved,
    ),
    (
        Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0),
        32,
        AddressRule::Reserved,
    ),
    (
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
        32,
        AddressRule::Reserved,
    ),
    (
        Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0),
        7,
        AddressRule::UniqueLocal,
    ),
    (
        Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0),
        10,
        AddressRule::LinkLocal,
    ),
    (
        Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0),
        10,
        AddressRule::Reserved,
    ),
    (
        Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0),
        8,
        AddressRule::Multicast,
    ),
];

/// Checks one address against the rules, with no exemptions.
pub fn check_address(address: IpAddr) -> Result<(), AddressRule> {
    match address {
        IpAddr::V4(v4) => check_v4(v4),
        IpAddr::V6(v6) => check_v6(v6),
    }
}

fn check_v4(address: Ipv4Addr) -> Result<(), AddressRule> {
    let bits = u32::from(address);
    for (network, prefix, rule) in IPV4_BLOCKS {
        let mask = u32::MAX.checked_shl(32 - u32::from(*prefix)).unwrap_or(0);
        if bits & mask == u32::from(*network) & mask {
            return Err(*rule);
        }
    }
    Ok(())
}

fn check_v6(address: Ipv6Addr) -> Result<(), AddressRule> {
    let bits = u128::from(address);
    for (network, prefix, rule) in IPV6_BLOCKS {
        let mask = u128::MAX.checked_shl(128 - u32::from(*prefix)).unwrap_or(0);
        if bits & mask == u128::from(*network) & mask {
            return Err(*rule);
        }
    }
    match embedded_v4(address) {
        Some(v4) => check_v4(v4),
        None => Ok(()),
    }
}

/// Returns the IPv4 address that an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) or 6to4 (`2002:AABB:CCDD::`) address reaches.
fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(address);
    let low32 = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    let high96 = bits >> 32;
    if high96 == 0xffff || high96 == 0 {
        return Some(low32);
    }
    if high96 == 0x0064_ff9b_0000_0000_0000_0000 {
        return Some(low32);
    }
    if bits >> 112 == 0x2002 {
        return Some(Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32));
    }
    None
}

/// The address rules with the operator's exemptions: the IP addresses that appear as the host
/// of an allowed origin.
#[derive(Debug, Clone, Default)]
pub(crate) struct AddressPolicy {
    exempt: Vec<IpAddr>,
}

impl AddressPolicy {
    pub(crate) fn from_origins(origins: &[Origin]) -> Self {
        let exempt = origins
            .iter()
            .filter_map(|origin| origin.host.parse::<IpAddr>().ok())
            .collect();
        AddressPolicy { exempt }
    }

    pub(crate) fn check(&self, address: IpAddr) -> Result<(), AddressRule> {
        if self.exempt.contains(&address) {
            return Ok(());
        }
        check_address(address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> Result<(), AddressRule> {
        check_address(text.parse().unwrap())
    }

    #[test]
    fn check_address_rejects_each_block() {
        let cases = [
            ("0.0.0.0", AddressRule::Unspecified),
            ("::", AddressRule::Unspecified),
            ("127.0.0.1", AddressRule::Loopback),
            ("127.255.255.254", AddressRule::Loopback),
            ("::1", AddressRule::Loopback),
            ("10.1.2.3", AddressRule::Private),
            ("172.16.0.1", AddressRule::Private),
            ("172.31.255.255", AddressRule::Private),
            ("192.168.1.1", AddressRule::Private),
            ("169.254.169.254", AddressRule::LinkLocal),
            ("169.254.170.2", AddressRule::LinkLocal),
            ("fe80::1", AddressRule::LinkLocal),
            ("100.64.0.1", AddressRule::SharedAddressSpace),
            ("100.127.255.255", AddressRule::SharedAddressSpace),
            ("224.0.0.1", AddressRule::Multicast),
            ("239.255.255.250", AddressRule::Multicast),
            ("ff02::1", AddressRule::Multicast),
            ("255.255.255.255", AddressRule::Broadcast),
            ("fc00::1", AddressRule::UniqueLocal),
            ("fd12:3456::1", AddressRule::UniqueLocal),
            ("192.0.2.10", AddressRule::Reserved),
            ("198.18.0.1", AddressRule::Reserved),
            ("240.0.0.1", AddressRule::Reserved),
            ("0.1.2.3", AddressRule::Reserved),
            ("2001:db8::1", AddressRule::Reserved),
            ("fec0::1", AddressRule::Reserved),
        ];
        for (address, expected) in cases {
            assert_eq!(rule(address), Err(expected), "{address}");
        }
    }

    #[test]
    fn check_address_judges_embedded_ipv4() {
        let cases = [
            ("::ffff:127.0.0.1", AddressRule::Loopback),
            ("::ffff:169.254.169.254", AddressRule::LinkLocal),
            ("::ffff:10.0.0.1", AddressRule::Private),
            ("::ffff:100.64.0.1", AddressRule::SharedAddressSpace),
            ("::127.0.0.1", AddressRule::Loopback),
            ("::169.254.169.254", AddressRule::LinkLocal),
            ("64:ff9b::169.254.169.254", AddressRule::LinkLocal),
            ("64:ff9b::7f00:1", AddressRule::Loopback),
            ("2002:a9fe:a9fe::1", AddressRule::LinkLocal),
            ("2002:c0a8:0101::", AddressRule::Private),
        ];
        for (address, expected) in cases {
            assert_eq!(rule(address), Err(expected), "{address}");
        }
    }

    #[test]
    fn check_address_allows_public_unicast() {
        for address in [
            "1.1.1.1",
            "8.8.8.8",
            "104.16.0.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert_eq!(rule(address), Ok(()), "{address}");
        }
    }

    #[test]
    fn policy_exempts_listed_addresses_only() {
        let origins = [
            Origin::parse("http://127.0.0.1:9100").unwrap(),
            Origin::parse("http://localhost:9200").unwrap(),
        ];
        let policy = AddressPolicy::from_origins(&origins);
        assert_eq!(policy.check("127.0.0.1".parse().unwrap()), Ok(()));
        assert_eq!(
            policy.check("127.0.0.2".parse().unwrap()),
            Err(AddressRule::Loopback)
        );
        assert_eq!(
            policy.check("::1".parse().unwrap()),
            Err(AddressRule::Loopback)
        );
        assert_eq!(
            policy.check("::ffff:127.0.0.1".parse().unwrap()),
            Err(AddressRule::Loopback)
        );
    }
}
