//! The small closed sets of words chart-img accepts: chart styles, themes, image formats, price
//! scales and trading sessions. Each value is written exactly as chart-img spells it.

/// Declares an enum whose values serialize as fixed strings, with `ALL`, `as_str` and `parse`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in chart-img's documented order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Returns the value as chart-img spells it.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses chart-img's exact spelling; the match is case-sensitive, as chart-img's is.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// Lists the accepted spellings, for error messages.
            pub fn expected() -> String {
                Self::ALL.iter().map(|value| value.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| {
                    ::serde::de::Error::custom(format!(
                        "invalid {} `{}`: expected one of {}",
                        stringify!($name).to_lowercase(),
                        text,
                        Self::expected()
                    ))
                })
            }
        }
    };
}

pub(crate) use string_enum;

string_enum!(
    /// How candles are drawn.
    Style {
        Bar => "bar",
        Candle => "candle",
        Line => "line",
        Area => "area",
        HeikinAshi => "heikinAshi",
        HollowCandle => "hollowCandle",
        Baseline => "baseline",
        HiLo => "hiLo",
        Column => "column",
    }
);

string_enum!(
    /// Light or dark chart colours.
    Theme {
        Light => "light",
        Dark => "dark",
    }
);

string_enum!(
    /// The encoding of a rendered image.
    ImageFormat {
        Png => "png",
        Jpeg => "jpeg",
    }
);

string_enum!(
    /// The price axis scale.
    Scale {
        Regular => "regular",
        Percent => "percent",
        IndexedTo100 => "indexedTo100",
        Logarithmic => "logarithmic",
    }
);

string_enum!(
    /// Regular trading hours only, or extended hours too.
    Session {
        Regular => "regular",
        Extended => "extended",
    }
);

impl ImageFormat {
    /// Returns the MIME type of images in this format.
    pub const fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_round_trips_every_value() {
        for style in Style::ALL {
            assert_eq!(Style::parse(style.as_str()), Some(*style));
        }
    }

    #[test]
    fn parse_is_case_sensitive() {
        assert_eq!(Style::parse("heikinAshi"), Some(Style::HeikinAshi));
        assert_eq!(Style::parse("heikinashi"), None);
    }

    #[test]
    fn deserialize_error_lists_expected_values() {
        let error = serde_json::from_str::<Theme>("\"blue\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("`blue`"), "{error}");
        assert!(error.contains("light, dark"), "{error}");
    }
}
