//! Natural-language chart requests turned into chart-img configs.
