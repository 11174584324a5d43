//! The instruments, exchanges and currencies the parser recognises by name, as data. The
//! instrument pass in `instruments` reads them, and nothing here decides which one a request
//! means.
//!
//! Symbols follow TradingView's listing: US stocks on their listing exchange (`NASDAQ:AAPL`,
//! `NYSE:JPM`), funds on theirs (`AMEX:SPY`), indices and commodities under the feed that
//! carries them (`SP:SPX`, `TVC:DXY`, `NYMEX:CL1!`). Coins are listed by their code, which a
//! market completes (`BINANCE:BTCUSDT`).

use super::lexicon::Meaning;

/// The kind of market an asset trades in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AssetKind {
    Crypto,
    Stock,
    Fund,
    Forex,
    Index,
    Commodity,
}

/// An instrument the parser recognises by name.
#[derive(Debug, PartialEq)]
pub(crate) struct Asset {
    /// `EXCHANGE:SYMBOL`, or for a coin its code (`BTC`), which a market completes.
    pub symbol: &'static str,
    pub name: &'static str,
    pub kind: AssetKind,
    pub aliases: &'static [&'static str],
    /// Aliases that are also everyday words.
    pub ambiguous: &'static [&'static str],
}

const fn coin(
    code: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    ambiguous: &'static [&'static str],
) -> Asset {
    Asset {
        symbol: code,
        name,
        kind: AssetKind::Crypto,
        aliases,
        ambiguous,
    }
}

const fn listed(
    kind: AssetKind,
    symbol: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    ambiguous: &'static [&'static str],
) -> Asset {
    Asset {
        symbol,
        name,
        kind,
        aliases,
        ambiguous,
    }
}

use AssetKind::{Commodity, Forex, Fund, Index, Stock};

/// Coins, by their code. Each trades against USDT on Binance.
// NOTE: the coin and stock listings are those of late 2025 and are not checked against
// chart-img's symbol list, so a coin Binance delists or a stock that moves exchange gets 422
// `Invalid Symbol` from chart-img.
#[rustfmt::skip]
pub(crate) const COINS: &[Asset] = &[
    coin("BTC", "Bitcoin", &["btc", "bitcoin", "xbt", "bitcoins"], &[]),
    coin("ETH", "Ethereum", &["eth", "ethereum", "ether", "etherium", "etherum"], &[]),
    coin("SOL", "Solana", &["sol", "solana"], &[]),
    coin("BNB", "BNB", &["bnb", "binance coin"], &[]),
    coin("XRP", "XRP", &["xrp", "ripple"], &[]),
    coin("ADA", "Cardano", &["ada", "cardano"], &[]),
    coin("DOGE", "Dogecoin", &["doge", "dogecoin"], &[]),
    coin("AVAX", "Avalanche", &["avax", "avalanche"], &[]),
    coin("DOT", "Polkadot", &["polkadot"], &["dot"]),
    coin("LINK", "Chainlink", &["chainlink"], &["link"]),
    coin("LTC", "Litecoin", &["ltc", "litecoin"], &[]),
    coin("TRX", "TRON", &["trx", "tron"], &[]),
    coin("POL", "Polygon", &["polygon", "matic"], &["pol"]),
    coin("SHIB", "Shiba Inu", &["shib", "shiba inu", "shiba"], &[]),
    coin("ATOM", "Cosmos", &["cosmos"], &["atom"]),
    coin("UNI", "Uniswap", &["uniswap"], &["uni"]),
    coin("XLM", "Stellar", &["xlm", "stellar"], &[]),
    coin("NEAR", "NEAR Protocol", &["near protocol"], &["near"]),
    coin("APT", "Aptos", &["aptos"], &["apt"]),
    coin("ARB", "Arbitrum", &["arb", "arbitrum"], &[]),
    coin("OP", "Optimism", &["optimism"], &["op"]),
    coin("FIL", "Filecoin", &["fil", "filecoin"], &[]),
    coin("SUI", "Sui", &["sui"], &[]),
    coin("PEPE", "Pepe", &["pepe"], &[]),
    coin("TON", "Toncoin", &["toncoin"], &["ton"]),
    coin("BCH", "Bitcoin Cash", &["bch", "bitcoin cash"], &[]),
    coin("ETC", "Ethereum Classic", &["ethereum classic"], &["etc"]),
    coin("INJ", "Injective", &["inj", "injective"], &[]),
    coin("ICP", "Internet Computer", &["icp", "internet computer"], &[]),
    coin("HBAR", "Hedera", &["hbar", "hedera"], &[]),
    coin("AAVE", "Aave", &["aave"], &[]),
    coin("ALGO", "Algorand", &["algorand"], &["algo"]),
    coin("SAND", "The Sandbox", &["the sandbox"], &["sand"]),
    coin("MANA", "Decentraland", &["mana", "decentraland"], &[]),
    coin("AXS", "Axie Infinity", &["axs", "axie infinity", "axie"], &[]),
    coin("RENDER", "Render", &["rndr"], &["render"]),
    coin("TIA", "Celestia", &["tia", "celestia"], &[]),
    coin("LDO", "Lido DAO", &["ldo", "lido"], &[]),
    coin("WIF", "dogwifhat", &["wif", "dogwifhat"], &[]),
    coin("BONK", "Bonk", &["bonk"], &[]),
    coin("SEI", "Sei", &["sei"], &[]),
    coin("TAO", "Bittensor", &["tao", "bittensor"], &[]),
    coin("WLD", "Worldcoin", &["wld", "worldcoin"], &[]),
    coin("ENA", "Ethena", &["ena", "ethena"], &[]),
    coin("JUP", "Jupiter", &["jup"], &["jupiter"]),
    coin("ONDO", "Ondo", &["ondo"], &[]),
    coin("GRT", "The Graph", &["grt", "the graph"], &[]),
    coin("IMX", "Immutable", &["imx"], &["immutable"]),
    coin("STX", "Stacks", &["stx"], &["stacks"]),
    coin("RUNE", "THORChain", &["thorchain"], &["rune"]),
    coin("FLOKI", "Floki", &["floki"], &[]),
    coin("XTZ", "Tezos", &["xtz", "tezos"], &[]),
];

/// US stocks and funds on their listing exchange, and indices, forex nicknames and
/// commodities with the symbol TradingView lists them under.
#[rustfmt::skip]
pub(crate) const LISTED: &[Asset] = &[
    listed(Stock, "NASDAQ:AAPL", "Apple", &["aapl", "apple", "appl"], &[]),
    listed(Stock, "NASDAQ:MSFT", "Microsoft", &["msft", "microsoft"], &[]),
    listed(Stock, "NASDAQ:NVDA", "NVIDIA", &["nvda", "nvidia"], &[]),
    listed(Stock, "NASDAQ:AMZN", "Amazon", &["amzn", "amazon"], &[]),
    listed(Stock, "NASDAQ:GOOGL", "Alphabet", &["googl", "alphabet", "google"], &[]),
    listed(Stock, "NASDAQ:GOOG", "Alphabet class C", &["goog"], &[]),
    listed(Stock, "NASDAQ:META", "Meta Platforms", &["meta", "facebook", "fb"], &[]),
    listed(Stock, "NASDAQ:TSLA", "Tesla", &["tsla", "tesla"], &[]),
    listed(Stock, "NASDAQ:AVGO", "Broadcom", &["avgo", "broadcom"], &[]),
    listed(Stock, "NASDAQ:COST", "Costco", &["costco"], &["cost"]),
    listed(Stock, "NASDAQ:NFLX", "Netflix", &["nflx", "netflix"], &[]),
    listed(Stock, "NASDAQ:AMD", "AMD", &["amd", "advanced micro devices"], &[]),
    listed(Stock, "NASDAQ:INTC", "Intel", &["intc", "intel"], &[]),
    listed(Stock, "NASDAQ:ADBE", "Adobe", &["adbe", "adobe"], &[]),
    listed(Stock, "NASDAQ:PEP", "PepsiCo", &["pepsico", "pepsi"], &["pep"]),
    listed(Stock, "NASDAQ:CSCO", "Cisco", &["csco", "cisco"], &[]),
    listed(Stock, "NASDAQ:QCOM", "Qualcomm", &["qcom", "qualcomm"], &[]),
    listed(Stock, "NASDAQ:TXN", "Texas Instruments", &["txn", "texas instruments"], &[]),
    listed(Stock, "NASDAQ:AMAT", "Applied Materials", &["amat", "applied materials"], &[]),
    listed(Stock, "NASDAQ:MU", "Micron", &["micron"], &["mu"]),
    listed(Stock, "NASDAQ:PYPL", "PayPal", &["pypl", "paypal"], &[]),
    listed(Stock, "NASDAQ:COIN", "Coinbase", &["coinbase"], &["coin"]),
    listed(Stock, "NASDAQ:MSTR", "Strategy", &["mstr", "microstrategy"], &[]),
    listed(Stock, "NASDAQ:PLTR", "Palantir", &["pltr", "palantir"], &[]),
    listed(Stock, "NASDAQ:ABNB", "Airbnb", &["abnb", "airbnb"], &[]),
    listed(Stock, "NASDAQ:SBUX", "Starbucks", &["sbux", "starbucks"], &[]),
    listed(Stock, "NASDAQ:ISRG", "Intuitive Surgical", &["isrg"], &[]),
    listed(Stock, "NASDAQ:GILD", "Gilead", &["gild", "gilead"], &[]),
    listed(Stock, "NASDAQ:AMGN", "Amgen", &["amgn", "amgen"], &[]),
    listed(Stock, "NASDAQ:MRNA", "Moderna", &["mrna", "moderna"], &[]),
    listed(Stock, "NASDAQ:ASML", "ASML", &["asml"], &[]),
    listed(Stock, "NASDAQ:PDD", "PDD Holdings", &["pdd", "pinduoduo", "temu"], &[]),
    listed(Stock, "NASDAQ:BIDU", "Baidu", &["bidu", "baidu"], &[]),
    listed(Stock, "NASDAQ:ARM", "Arm Holdings", &["arm holdings"], &["arm"]),
    listed(Stock, "NASDAQ:SMCI", "Super Micro Computer", &[
        "smci", "supermicro", "super micro",
    ], &[]),
    listed(Stock, "NASDAQ:CRWD", "CrowdStrike", &["crwd", "crowdstrike"], &[]),
    listed(Stock, "NASDAQ:PANW", "Palo Alto Networks", &["panw", "palo alto networks"], &[]),
    listed(Stock, "NASDAQ:ROKU", "Roku", &["roku"], &[]),
    listed(Stock, "NASDAQ:DDOG", "Datadog", &["ddog", "datadog"], &[]),
    listed(Stock, "NASDAQ:MARA", "MARA Holdings", &["mara", "marathon digital"], &[]),
    listed(Stock, "NASDAQ:RIOT", "Riot Platforms", &["riot platforms"], &["riot"]),
    listed(Stock, "NASDAQ:HOOD", "Robinhood", &["robinhood"], &["hood"]),
    listed(Stock, "NASDAQ:LULU", "Lululemon", &["lulu", "lululemon"], &[]),
    listed(Stock, "NASDAQ:CMCSA", "Comcast", &["cmcsa", "comcast"], &[]),
    listed(Stock, "NASDAQ:TMUS", "T-Mobile US", &["tmus", "t-mobile"], &[]),
    listed(Stock, "NASDAQ:INTU", "Intuit", &["intu", "intuit"], &[]),
    listed(Stock, "NASDAQ:MELI", "MercadoLibre", &["meli", "mercadolibre"], &[]),
    listed(Stock, "NYSE:JPM", "JPMorgan Chase", &["jpm", "jpmorgan", "jp morgan"], &[]),
    listed(Stock, "NYSE:BRK.B", "Berkshire Hathaway", &[
        "berkshire", "berkshire hathaway", "brk.b", "brkb",
    ], &[]),
    listed(Stock, "NYSE:V", "Visa", &["visa"], &[]),
    listed(Stock, "NYSE:MA", "Mastercard", &["mastercard"], &[]),
    listed(Stock, "NYSE:JNJ", "Johnson & Johnson", &["jnj", "johnson & johnson", "j&j"], &[]),
    listed(Stock, "NYSE:PG", "Procter & Gamble", &[
        "procter & gamble", "procter and gamble", "p&g",
    ], &[]),
    listed(Stock, "NYSE:XOM", "Exxon Mobil", &["xom", "exxon", "exxonmobil", "exxon mobil"], &[]),
    listed(Stock, "NYSE:CVX", "Chevron", &["cvx", "chevron"], &[]),
    listed(Stock, "NYSE:UNH", "UnitedHealth", &["unh", "unitedhealth"], &[]),
    listed(Stock, "NYSE:HD", "Home Depot", &["home depot"], &[]),
    listed(Stock, "NYSE:KO", "Coca-Cola", &["coca cola", "coca-cola", "coke"], &["ko"]),
    listed(Stock, "NYSE:BAC", "Bank of America", &["bac", "bank of america"], &[]),
    listed(Stock, "NYSE:WFC", "Wells Fargo", &["wfc", "wells fargo"], &[]),
    listed(Stock, "NYSE:GS", "Goldman Sachs", &["goldman", "goldman sachs"], &["gs"]),
    listed(Stock, "NYSE:MS", "Morgan Stanley", &["morgan stanley"], &["ms"]),
    listed(Stock, "NYSE:C", "Citigroup", &["citigroup", "citi"], &[]),
    listed(Stock, "NYSE:DIS", "Disney", &["disney"], &["dis"]),
    listed(Stock, "NYSE:NKE", "Nike", &["nke", "nike"], &[]),
    listed(Stock, "NYSE:MCD", "McDonald's", &["mcd", "mcdonalds", "mcdonald"], &[]),
    listed(Stock, "NYSE:BA", "Boeing", &["boeing"], &["ba"]),
    listed(Stock, "NYSE:CAT", "Caterpillar", &["caterpillar"], &["cat"]),
    listed(Stock, "NYSE:GE", "GE Aerospace", &["general electric", "ge aerospace"], &["ge"]),
    listed(Stock, "NYSE:IBM", "IBM", &["ibm"], &[]),
    listed(Stock, "NYSE:ORCL", "Oracle", &["orcl", "oracle"], &[]),
    listed(Stock, "NYSE:CRM", "Salesforce", &["crm", "salesforce"], &[]),
    listed(Stock, "NYSE:PFE", "Pfizer", &["pfe", "pfizer"], &[]),
    listed(Stock, "NYSE:MRK", "Merck", &["mrk", "merck"], &[]),
    listed(Stock, "NYSE:ABBV", "AbbVie", &["abbv", "abbvie"], &[]),
    listed(Stock, "NYSE:LLY", "Eli Lilly", &["lly", "eli lilly", "lilly"], &[]),
    listed(Stock, "NYSE:T", "AT&T", &["at&t"], &[]),
    listed(Stock, "NYSE:VZ", "Verizon", &["vz", "verizon"], &[]),
    listed(Stock, "NYSE:F", "Ford", &["ford"], &[]),
    listed(Stock, "NYSE:GM", "General Motors", &["general motors"], &["gm"]),
    listed(Stock, "NYSE:UBER", "Uber", &["uber"], &[]),
    listed(Stock, "NYSE:SNOW", "Snowflake", &["snowflake"], &["snow"]),
    listed(Stock, "NYSE:TSM", "TSMC", &["tsm", "tsmc", "taiwan semiconductor"], &[]),
    listed(Stock, "NYSE:BABA", "Alibaba", &["baba", "alibaba"], &[]),
    listed(Stock, "NYSE:SPOT", "Spotify", &["spotify"], &["spot"]),
    listed(Stock, "NYSE:AXP", "American Express", &["axp", "american express"], &[]),
    listed(Stock, "NYSE:BLK", "BlackRock", &["blk", "blackrock"], &[]),
    listed(Stock, "NYSE:NET", "Cloudflare", &["cloudflare"], &[]),
    listed(Fund, "AMEX:SPY", "SPDR S&P 500 ETF", &["spy"], &[]),
    listed(Fund, "NASDAQ:QQQ", "Invesco QQQ", &["qqq"], &[]),
    listed(Fund, "AMEX:IWM", "iShares Russell 2000 ETF", &["iwm"], &[]),
    listed(Fund, "AMEX:DIA", "SPDR Dow Jones ETF", &[], &["dia"]),
    listed(Fund, "AMEX:GLD", "SPDR Gold Shares", &["gld"], &[]),
    listed(Fund, "AMEX:SLV", "iShares Silver Trust", &["slv"], &[]),
    listed(Fund, "NASDAQ:TLT", "iShares 20+ Year Treasury Bond ETF", &["tlt"], &[]),
    listed(Fund, "AMEX:ARKK", "ARK Innovation ETF", &["arkk"], &[]),
    listed(Fund, "NASDAQ:IBIT", "iShares Bitcoin Trust", &["ibit"], &[]),
    listed(Fund, "AMEX:VOO", "Vanguard S&P 500 ETF", &["voo"], &[]),
    listed(Fund, "NASDAQ:TQQQ", "ProShares UltraPro QQQ", &["tqqq"], &[]),
    listed(Fund, "NASDAQ:SMH", "VanEck Semiconductor ETF", &["smh"], &[]),
    listed(Index, "SP:SPX", "S&P 500", &[
        "s&p 500", "s&p", "sp500", "spx", "s and p 500", "s & p 500", "s & p", "s and p", "us500",
        "spx500",
    ], &[]),
    listed(Index, "DJ:DJI", "Dow Jones Industrial Average", &[
        "dow", "dow jones", "djia", "dji", "dow 30", "us30",
    ], &[]),
    listed(Index, "NASDAQ:NDX", "Nasdaq 100", &[
        "nasdaq 100", "nasdaq100", "ndx", "nas100", "us100",
    ], &[]),
    listed(Index, "NASDAQ:IXIC", "Nasdaq Composite", &["nasdaq composite", "ixic", "nasdaq"], &[]),
    listed(Index, "TVC:RUT", "Russell 2000", &[
        "russell 2000", "russell", "rut", "russell2000",
    ], &[]),
    listed(Index, "CBOE:VIX", "CBOE Volatility Index", &[
        "vix", "cboe vix", "cboe volatility index", "fear index",
    ], &[]),
    listed(Index, "TVC:DXY", "US Dollar Index", &[
        "dxy", "dollar index", "us dollar index", "usdx", "dollar index dxy",
    ], &[]),
    listed(Index, "TVC:NI225", "Nikkei 225", &["nikkei", "nikkei 225", "ni225", "n225"], &[]),
    listed(Index, "XETR:DAX", "DAX", &["dax", "dax 40", "ger40"], &[]),
    listed(Index, "TVC:UKX", "FTSE 100", &["ftse", "ftse 100", "ukx", "uk100"], &[]),
    listed(Index, "TVC:HSI", "Hang Seng", &["hang seng", "hsi"], &[]),
    listed(Index, "TVC:SX5E", "Euro Stoxx 50", &[
        "euro stoxx 50", "euro stoxx", "stoxx 50", "sx5e",
    ], &[]),
    listed(Index, "TVC:US10Y", "US 10-year Treasury yield", &[
        "us10y", "10 year yield", "ten year yield", "10y yield", "tnx",
    ], &[]),
    listed(Index, "CRYPTOCAP:BTC.D", "Bitcoin dominance", &[
        "bitcoin dominance", "btc dominance", "btc.d", "btcd",
    ], &[]),
    listed(Index, "CRYPTOCAP:TOTAL", "Total crypto market cap", &[
        "total market cap", "total crypto market cap", "crypto market cap", "total2",
    ], &[]),
    listed(Forex, "FX:GBPUSD", "GBP/USD, called cable", &["cable"], &[]),
    listed(Forex, "FX:EURUSD", "EUR/USD, called fiber", &["fiber", "fibre"], &[]),
    listed(Forex, "FX:USDJPY", "USD/JPY, called gopher", &["gopher", "ninja"], &[]),
    listed(Forex, "FX:USDCAD", "USD/CAD, called loonie", &["loonie"], &[]),
    listed(Forex, "FX:AUDUSD", "AUD/USD, called aussie", &["aussie"], &[]),
    listed(Forex, "FX:NZDUSD", "NZD/USD, called kiwi", &["kiwi"], &[]),
    listed(Forex, "FX:USDCHF", "USD/CHF, called swissie", &["swissie", "swissy"], &[]),
    listed(Forex, "FX:EURGBP", "EUR/GBP, called chunnel", &["chunnel"], &[]),
    listed(Forex, "FX:GBPJPY", "GBP/JPY, called guppy", &["guppy", "geppy"], &[]),
    listed(Forex, "FX:EURJPY", "EUR/JPY, called yuppy", &["yuppy"], &[]),
    listed(Commodity, "OANDA:XAUUSD", "Gold spot", &["gold", "xau", "gold spot", "spot gold"], &[]),
    listed(Commodity, "OANDA:XAGUSD", "Silver spot", &[
        "silver", "xag", "silver spot", "spot silver",
    ], &[]),
    listed(Commodity, "COMEX:GC1!", "Gold futures", &["gold futures", "gc1!", "gold future"], &[]),
    listed(Commodity, "COMEX:SI1!", "Silver futures", &["silver futures", "si1!"], &[]),
    listed(Commodity, "NYMEX:CL1!", "WTI crude oil futures", &[
        "crude", "crude oil", "oil", "wti", "wti crude", "usoil", "cl1!", "oil futures",
        "crude futures",
    ], &[]),
    listed(Commodity, "TVC:UKOIL", "Brent crude oil", &[
        "brent", "brent crude", "brent oil", "ukoil",
    ], &[]),
    listed(Commodity, "NYMEX:NG1!", "Natural gas futures", &[
        "natural gas", "natgas", "nat gas", "ng1!",
    ], &[]),
    listed(Commodity, "COMEX:HG1!", "Copper futures", &["copper", "hg1!"], &[]),
    listed(Commodity, "NYMEX:PL1!", "Platinum futures", &["platinum"], &[]),
    listed(Commodity, "NYMEX:PA1!", "Palladium futures", &["palladium"], &[]),
    listed(Commodity, "CBOT:ZC1!", "Corn futures", &["corn"], &[]),
    listed(Commodity, "CBOT:ZW1!", "Wheat futures", &["wheat"], &[]),
    listed(Commodity, "CBOT:ZS1!", "Soybean futures", &["soybeans", "soybean"], &[]),
    listed(Commodity, "ICEUS:KC1!", "Coffee futures", &["coffee"], &[]),
    listed(Commodity, "CME_MINI:ES1!", "E-mini S&P 500 futures", &[
        "es1!", "emini", "e-mini", "s&p futures", "es futures", "e-mini s&p",
    ], &["es"]),
    listed(Commodity, "CME_MINI:NQ1!", "E-mini Nasdaq 100 futures", &[
        "nq1!", "nasdaq futures", "nq futures",
    ], &["nq"]),
    listed(Commodity, "CBOT_MINI:YM1!", "E-mini Dow futures", &["ym1!", "dow futures"], &["ym"]),
    listed(Commodity, "CME_MINI:RTY1!", "E-mini Russell 2000 futures", &[
        "rty1!", "russell futures",
    ], &["rty"]),
    listed(Commodity, "CME:BTC1!", "CME Bitcoin futures", &[
        "btc1!", "cme bitcoin futures", "bitcoin futures", "btc futures", "cme btc",
    ], &[]),
];

/// The kind of market a venue runs, and the quote a coin gets there by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Market {
    Crypto { quote: &'static str },
    Stocks,
    Forex,
}

/// An exchange or broker named in the text ("on coinbase").
#[derive(Debug, PartialEq)]
pub(crate) struct Venue {
    /// The exchange prefix chart-img expects.
    pub id: &'static str,
    pub market: Market,
    pub aliases: &'static [&'static str],
}

const fn venue(id: &'static str, market: Market, aliases: &'static [&'static str]) -> Venue {
    Venue {
        id,
        market,
        aliases,
    }
}

const USDT: Market = Market::Crypto { quote: "USDT" };
const USD: Market = Market::Crypto { quote: "USD" };

pub(crate) const VENUES: &[Venue] = &[
    venue("BINANCE", USDT, &["binance"]),
    venue(
        "BINANCEUS",
        USD,
        &["binance us", "binanceus", "binance usa"],
    ),
    venue("COINBASE", USD, &["coinbase", "coinbase pro", "gdax"]),
    venue("KRAKEN", USD, &["kraken"]),
    venue("BYBIT", USDT, &["bybit"]),
    venue("OKX", USDT, &["okx", "okex"]),
    venue("BITSTAMP", USD, &["bitstamp"]),
    venue("BITFINEX", USD, &["bitfinex"]),
    venue("KUCOIN", USDT, &["kucoin"]),
    venue("GEMINI", USD, &["gemini"]),
    venue("BITGET", USDT, &["bitget"]),
    venue("MEXC", USDT, &["mexc"]),
    venue("GATEIO", USDT, &["gateio", "gate io"]),
    venue("HTX", USDT, &["htx", "huobi"]),
    venue("NASDAQ", Market::Stocks, &["nasdaq"]),
    venue("NYSE", Market::Stocks, &["nyse", "new york stock exchange"]),
    venue("AMEX", Market::Stocks, &["amex", "nyse arca", "arca"]),
    venue("OANDA", Market::Forex, &["oanda"]),
    venue("FX", Market::Forex, &["fxcm"]),
    venue("FOREXCOM", Market::Forex, &["forexcom", "forex com"]),
    venue("PEPPERSTONE", Market::Forex, &["pepperstone"]),
];

/// Exchange prefixes accepted in an explicit `EXCHANGE:SYMBOL` even in lowercase, in
/// alphabetical order. Any other prefix is accepted when written in capitals.
#[rustfmt::skip]
const EXCHANGE_IDS: &[&str] = &[
    "AMEX", "ASX", "BINANCE", "BINANCEUS", "BITFINEX", "BITGET", "BITMEX", "BITSTAMP", "BME",
    "BMFBOVESPA", "BSE", "BYBIT", "CAPITALCOM", "CBOE", "CBOT", "CBOT_MINI", "CME", "CME_MINI",
    "COINBASE", "COMEX", "CRYPTOCAP", "DERIBIT", "DJ", "ECONOMICS", "EUREX", "EURONEXT",
    "FOREXCOM", "FWB", "FX", "FXCM", "FX_IDC", "GATEIO", "GEMINI", "HKEX", "HTX", "ICEEUR",
    "ICEUS", "INDEX", "JSE", "KRAKEN", "KRX", "KUCOIN", "LSE", "MEXC", "MIL", "NASDAQ", "NSE",
    "NYMEX", "NYSE", "OANDA", "OKX", "OTC", "PEPPERSTONE", "POLONIEX", "RUSSELL", "SAXO", "SGX",
    "SIX", "SP", "SSE", "SZSE", "TSE", "TSX", "TSXV", "TVC", "TWSE", "UPBIT", "XETR",
];

/// Returns whether `id` is in the exchange table.
pub(crate) fn is_exchange_id(id: &str) -> bool {
    EXCHANGE_IDS.binary_search(&id).is_ok()
}

/// Currencies a coin can be quoted in, and the exchange that lists coins in each.
pub(crate) const QUOTES: &[(&str, &str, &str)] = &[
    ("usdt", "USDT", "BINANCE"),
    ("tether", "USDT", "BINANCE"),
    ("usdc", "USDC", "BINANCE"),
    ("fdusd", "FDUSD", "BINANCE"),
    ("usd", "USD", "COINBASE"),
    ("dollar", "USD", "COINBASE"),
    ("dollars", "USD", "COINBASE"),
    ("us dollar", "USD", "COINBASE"),
    ("eur", "EUR", "COINBASE"),
    ("euro", "EUR", "COINBASE"),
    ("euros", "EUR", "COINBASE"),
    ("gbp", "GBP", "COINBASE"),
    ("btc", "BTC", "BINANCE"),
    ("bitcoin", "BTC", "BINANCE"),
    ("eth", "ETH", "BINANCE"),
    ("ethereum", "ETH", "BINANCE"),
    ("bnb", "BNB", "BINANCE"),
];

/// Currencies of forex pairs. TradingView's `FX` feed lists the pairs among the majors.
pub(crate) const CURRENCIES: &[(&str, &str)] = &[
    ("eur", "EUR"),
    ("euro", "EUR"),
    ("usd", "USD"),
    ("dollar", "USD"),
    ("us dollar", "USD"),
    ("greenback", "USD"),
    ("gbp", "GBP"),
    ("pound", "GBP"),
    ("sterling", "GBP"),
    ("british pound", "GBP"),
    ("jpy", "JPY"),
    ("yen", "JPY"),
    ("chf", "CHF"),
    ("franc", "CHF"),
    ("swiss franc", "CHF"),
    ("aud", "AUD"),
    ("aussie", "AUD"),
    ("australian dollar", "AUD"),
    ("cad", "CAD"),
    ("loonie", "CAD"),
    ("canadian dollar", "CAD"),
    ("nzd", "NZD"),
    ("kiwi", "NZD"),
    ("new zealand dollar", "NZD"),
    ("cnh", "CNH"),
    ("yuan", "CNH"),
    ("mxn", "MXN"),
    ("peso", "MXN"),
    ("zar", "ZAR"),
    ("rand", "ZAR"),
    ("sek", "SEK"),
    ("nok", "NOK"),
    ("sgd", "SGD"),
    ("hkd", "HKD"),
    ("inr", "INR"),
    ("rupee", "INR"),
];

/// Currencies whose pairs TradingView's `FX` feed lists. Other pairs use `FX_IDC`.
pub(crate) const MAJORS: &[&str] = &["EUR", "USD", "GBP", "JPY", "CHF", "AUD", "CAD", "NZD"];

/// The order of currencies in a conventional pair name: the earlier one is the base.
pub(crate) const BASE_ORDER: &[&str] = &["EUR", "GBP", "AUD", "NZD", "USD", "CAD", "CHF", "JPY"];

const STOCK_CUES: &[&str] = &[
    "stock", "stocks", "share", "shares", "equity", "inc", "corp", "ticker", "company",
];
const PERPETUAL_WORDS: &[&str] = &[
    "perp",
    "perps",
    "perpetual",
    "perpetuals",
    "perpetual futures",
];
const PAIR_JOINS: &[&str] = &[
    "vs",
    "versus",
    "against",
    "in",
    "priced in",
    "quoted in",
    "denominated in",
    "to",
    "per",
];

/// Registers the words this module reads.
pub(super) fn add_words(add: &mut dyn FnMut(&'static str, Meaning)) {
    for asset in COINS.iter().chain(LISTED) {
        for alias in asset.aliases {
            add(
                alias,
                Meaning::Asset {
                    asset,
                    ambiguous: false,
                },
            );
        }
        for alias in asset.ambiguous {
            add(
                alias,
                Meaning::Asset {
                    asset,
                    ambiguous: true,
                },
            );
        }
    }
    for venue in VENUES {
        for alias in venue.aliases {
            add(alias, Meaning::Venue(venue));
        }
    }
    for (word, code, _) in QUOTES {
        add(word, Meaning::Quote(code));
    }
    for (word, code) in CURRENCIES {
        add(word, Meaning::Currency(code));
    }
    for word in STOCK_CUES {
        add(word, Meaning::StockCue);
    }
    for word in PERPETUAL_WORDS {
        add(word, Meaning::Perpetual);
    }
    for word in PAIR_JOINS {
        add(word, Meaning::PairJoin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_ids_are_sorted() {
        assert!(EXCHANGE_IDS.windows(2).all(|pair| pair[0] < pair[1]));
    }
    #[test]
    fn listed_symbols_have_exchange_and_ticker() {
        for asset in LISTED {
            let (exchange, ticker) = asset.symbol.split_once(':').unwrap();
            assert!(is_exchange_id(exchange), "{}", asset.symbol);
            assert!(!ticker.is_empty(), "{}", asset.symbol);
        }
    }
    #[test]
    fn coin_codes_are_capitals() {
        for coin in COINS {
            assert!(
                coin.symbol.bytes().all(|byte| byte.is_ascii_uppercase()),
                "{}",
                coin.symbol
            );
        }
    }
    #[test]
    fn aliases_are_lowercase_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for asset in COINS.iter().chain(LISTED) {
            for alias in asset.aliases.iter().chain(asset.ambiguous) {
                assert_eq!(*alias, alias.to_lowercase(), "{alias}");
                assert!(seen.insert(*alias), "{alias} names two assets");
            }
        }
    }
    #[test]
    fn venues_are_known_exchange_ids() {
        for venue in VENUES {
            assert!(is_exchange_id(venue.id), "{}", venue.id);
        }
    }
    #[test]
    fn quote_exchanges_are_venues() {
        for (_, _, venue) in QUOTES {
            assert!(VENUES.iter().any(|listed| listed.id == *venue), "{venue}");
        }
    }
}
