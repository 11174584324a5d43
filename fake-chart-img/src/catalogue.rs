//! A fixed catalogue of exchanges and their symbols behind the v3 exchange routes.
//!
//! chart-img's real catalogue lists thousands of symbols. This one lists six exchanges with a
//! dozen plausible symbols each: enough for a client to list exchanges, filter symbols and
//! handle an unknown exchange. Types are TradingView's words (`spot`, `swap`, `stock`, `fund`,
//! `futures`, `forex`).

use serde::Serialize;

/// When the catalogue was last updated, as the routes report it.
pub(crate) const UPDATED_AT: &str = "2025-11-16T00:00:00.000Z";

/// One symbol as the exchange route lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Listing {
    pub(crate) symbol: &'static str,
    pub(crate) description: &'static str,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) exchange: &'static str,
    pub(crate) currency_code: &'static str,
}

struct Exchange {
    id: &'static str,
    /// Symbol, description, type and currency of each listing.
    listings: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

const EXCHANGES: &[Exchange] = &[
    Exchange {
        id: "BINANCE",
        listings: &[
            ("BTCUSDT", "Bitcoin / TetherUS", "spot", "USDT"),
            ("ETHUSDT", "Ethereum / TetherUS", "spot", "USDT"),
            ("SOLUSDT", "Solana / TetherUS", "spot", "USDT"),
            ("BNBUSDT", "BNB / TetherUS", "spot", "USDT"),
            ("XRPUSDT", "XRP / TetherUS", "spot", "USDT"),
            ("DOGEUSDT", "Dogecoin / TetherUS", "spot", "USDT"),
            ("ADAUSDT", "Cardano / TetherUS", "spot", "USDT"),
            ("AVAXUSDT", "Avalanche / TetherUS", "spot", "USDT"),
            ("LINKUSDT", "Chainlink / TetherUS", "spot", "USDT"),
            ("ETHBTC", "Ethereum / Bitcoin", "spot", "BTC"),
            ("BTCUSDT.P", "Bitcoin / TetherUS Perpetual", "swap", "USDT"),
            ("ETHUSDT.P", "Ethereum / TetherUS Perpetual", "swap", "USDT"),
        ],
    },
    Exchange {
        id: "COINBASE",
        listings: &[
            ("BTCUSD", "Bitcoin / U.S. Dollar", "spot", "USD"),
            ("ETHUSD", "Ethereum / U.S. Dollar", "spot", "USD"),
            ("SOLUSD", "Solana / U.S. Dollar", "spot", "USD"),
            ("XRPUSD", "XRP / U.S. Dollar", "spot", "USD"),
            ("DOGEUSD", "Dogecoin / U.S. Dollar", "spot", "USD"),
            ("ADAUSD", "Cardano / U.S. Dollar", "spot", "USD"),
            ("AVAXUSD", "Avalanche / U.S. Dollar", "spot", "USD"),
            ("LINKUSD", "Chainlink / U.S. Dollar", "spot", "USD"),
            ("LTCUSD", "Litecoin / U.S. Dollar", "spot", "USD"),
            ("DOTUSD", "Polkadot / U.S. Dollar", "spot", "USD"),
            ("BTCEUR", "Bitcoin / Euro", "spot", "EUR"),
            ("ETHBTC", "Ethereum / Bitcoin", "spot", "BTC"),
        ],
    },
    Exchange {
        id: "NASDAQ",
        listings: &[
            ("AAPL", "Apple Inc.", "stock", "USD"),
            ("MSFT", "Microsoft Corporation", "stock", "USD"),
            ("NVDA", "NVIDIA Corporation", "stock", "USD"),
            ("AMZN", "Amazon.com, Inc.", "stock", "USD"),
            ("GOOGL", "Alphabet Inc. Class A", "stock", "USD"),
            ("META", "Meta Platforms, Inc.", "stock", "USD"),
            ("TSLA", "Tesla, Inc.", "stock", "USD"),
            ("AMD", "Advanced Micro Devices, Inc.", "stock", "USD"),
            ("MARA", "MARA Holdings, Inc.", "stock", "USD"),
            ("RIOT", "Riot Platforms, Inc.", "stock", "USD"),
            ("COIN", "Coinbase Global, Inc.", "stock", "USD"),
            ("QQQ", "Invesco QQQ Trust, Series 1", "fund", "USD"),
        ],
    },
    Exchange {
        id: "NYSE",
        listings: &[
            ("BRK.B", "Berkshire Hathaway Inc. Class B", "stock", "USD"),
            ("JPM", "JPMorgan Chase & Co.", "stock", "USD"),
            ("V", "Visa Inc.", "stock", "USD"),
            ("WMT", "Walmart Inc.", "stock", "USD"),
            ("XOM", "Exxon Mobil Corporation", "stock", "USD"),
            ("KO", "The Coca-Cola Company", "stock", "USD"),
            ("DIS", "The Walt Disney Company", "stock", "USD"),
            ("BA", "The Boeing Company", "stock", "USD"),
            ("GS", "The Goldman Sachs Group, Inc.", "stock", "USD"),
            (
                "IBM",
                "International Business Machines Corporation",
                "stock",
                "USD",
            ),
            ("PFE", "Pfizer Inc.", "stock", "USD"),
            ("GE", "GE Aerospace", "stock", "USD"),
        ],
    },
    Exchange {
        id: "CME_MINI",
        listings: &[
            ("ES1!", "E-mini S&P 500 Futures", "futures", "USD"),
            (
                "ES2!",
                "E-mini S&P 500 Futures (next contract)",
                "futures",
                "USD",
            ),
            ("NQ1!", "E-mini Nasdaq-100 Futures", "futures", "USD"),
            (
                "NQ2!",
                "E-mini Nasdaq-100 Futures (next contract)",
                "futures",
                "USD",
            ),
            ("RTY1!", "E-mini Russell 2000 Futures", "futures", "USD"),
            (
                "RTY2!",
                "E-mini Russell 2000 Futures (next contract)",
                "futures",
                "USD",
            ),
            ("MES1!", "Micro E-mini S&P 500 Futures", "futures", "USD"),
            (
                "MES2!",
                "Micro E-mini S&P 500 Futures (next contract)",
                "futures",
                "USD",
            ),
            ("MNQ1!", "Micro E-mini Nasdaq-100 Futures", "futures", "USD"),
            (
                "MNQ2!",
                "Micro E-mini Nasdaq-100 Futures (next contract)",
                "futures",
                "USD",
            ),
            (
                "M2K1!",
                "Micro E-mini Russell 2000 Futures",
                "futures",
                "USD",
            ),
            ("EMD1!", "E-mini S&P MidCap 400 Futures", "futures", "USD"),
        ],
    },
    Exchange {
        id: "FX",
        listings: &[
            ("EURUSD", "Euro / U.S. Dollar", "forex", "USD"),
            ("GBPUSD", "British Pound / U.S. Dollar", "forex", "USD"),
            ("USDJPY", "U.S. Dollar / Japanese Yen", "forex", "JPY"),
            ("USDCHF", "U.S. Dollar / Swiss Franc", "forex", "CHF"),
            ("AUDUSD", "Australian Dollar / U.S. Dollar", "forex", "USD"),
            ("USDCAD", "U.S. Dollar / Canadian Dollar", "forex", "CAD"),
            ("NZDUSD", "New Zealand Dollar / U.S. Dollar", "forex", "USD"),
            ("EURGBP", "Euro / British Pound", "forex", "GBP"),
            ("EURJPY", "Euro / Japanese Yen", "forex", "JPY"),
            ("GBPJPY", "British Pound / Japanese Yen", "forex", "JPY"),
            ("EURCHF", "Euro / Swiss Franc", "forex", "CHF"),
            ("AUDJPY", "Australian Dollar / Japanese Yen", "forex", "JPY"),
        ],
    },
];

/// Returns every exchange id, in catalogue order.
pub(crate) fn exchange_ids() -> Vec<&'static str> {
    EXCHANGES.iter().map(|exchange| exchange.id).collect()
}

/// Lists the symbols of exchange `id`, matched exactly, filtered by `symbol` (contained in the
/// symbol) and `kind` (equal to the type). Both filters ignore case, and an empty or missing
/// filter matches everything. Returns `None` for an exchange the catalogue does not list.
pub(crate) fn listings(id: &str, symbol: Option<&str>, kind: Option<&str>) -> Option<Vec<Listing>> {
    let exchange = EXCHANGES.iter().find(|exchange| exchange.id == id)?;
    let symbol = symbol.unwrap_or_default().to_ascii_uppercase();
    let kind = kind.unwrap_or_default();

    let listings = exchange
        .listings
        .iter()
        .filter(|(listed, ..)| listed.contains(symbol.as_str()))
        .filter(|(_, _, listed_kind, _)| kind.is_empty() || listed_kind.eq_ignore_ascii_case(kind))
        .map(|&(symbol, description, kind, currency_code)| Listing {
            symbol,
            description,
            kind,
            exchange: exchange.id,
            currency_code,
        })
        .collect();
    Some(listings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_unique_per_exchange() {
        for exchange in EXCHANGES {
            for (index, (symbol, ..)) in exchange.listings.iter().enumerate() {
                let repeated = exchange.listings[index + 1..]
                    .iter()
                    .any(|(other, ..)| other == symbol);
                assert!(!repeated, "{}:{symbol}", exchange.id);
            }
        }
    }

    #[test]
    fn every_listing_is_a_valid_ticker() {
        for exchange in EXCHANGES {
            for (symbol, ..) in exchange.listings {
                let ticker = format!("{}:{symbol}", exchange.id);
                assert!(crate::symbol::is_valid(&ticker), "{ticker}");
            }
        }
    }

    #[test]
    fn listings_filter_by_symbol_ignoring_case() {
        let found = listings("BINANCE", Some("eth"), None).unwrap();
        let symbols: Vec<&str> = found.iter().map(|listing| listing.symbol).collect();
        assert_eq!(symbols, ["ETHUSDT", "ETHBTC", "ETHUSDT.P"]);
    }

    #[test]
    fn listings_filter_by_type() {
        let found = listings("BINANCE", None, Some("swap")).unwrap();
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|listing| listing.kind == "swap"));
    }

    #[test]
    fn listings_unknown_exchange_is_none() {
        assert!(listings("NOWHERE", None, None).is_none());
    }
}
