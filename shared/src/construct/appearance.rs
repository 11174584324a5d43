//! The chart's appearance: style ("heikin ashi", "hollow candles", "line chart", "bars", "area",
//! "hi-lo", "columns", "baseline"), theme ("dark mode"), image size ("1920x1080", "1920 by
//! 1080", "HD", "full hd", "4K", "max resolution"), image format ("jpeg"), price scale ("log
//! scale"), session ("extended hours") and time zone ("new york time").
//!
//! A size word after a price word is a price, not a size ("above 4k").

use super::findings::{Finding, Findings};
use super::lexicon::Meaning;
use super::sentence::Sentence;
use super::tokenizer::TokenKind;
use crate::chart::{ImageFormat, Scale, Session, Style, Theme};

/// An image size the text requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SizeWord {
    Pixels {
        width: u32,
        height: u32,
    },
    /// The largest size the plan allows.
    PlanMax,
}

const STYLE_WORDS: &[(&str, Style)] = &[
    ("heikin ashi", Style::HeikinAshi),
    ("heiken ashi", Style::HeikinAshi),
    ("heikinashi", Style::HeikinAshi),
    ("heikin ashi candles", Style::HeikinAshi),
    ("ha candles", Style::HeikinAshi),
    ("hollow candles", Style::HollowCandle),
    ("hollow candle", Style::HollowCandle),
    ("hollow candlesticks", Style::HollowCandle),
    ("hollow", Style::HollowCandle),
    ("baseline", Style::Baseline),
    ("baseline chart", Style::Baseline),
    ("line chart", Style::Line),
    ("line graph", Style::Line),
    ("line style", Style::Line),
    ("line only", Style::Line),
    ("as a line", Style::Line),
    ("area", Style::Area),
    ("area chart", Style::Area),
    ("mountain chart", Style::Area),
    ("bars", Style::Bar),
    ("bar chart", Style::Bar),
    ("bar style", Style::Bar),
    ("ohlc", Style::Bar),
    ("ohlc bars", Style::Bar),
    ("hi lo", Style::HiLo),
    ("hilo", Style::HiLo),
    ("hi lo chart", Style::HiLo),
    ("high low chart", Style::HiLo),
    ("columns", Style::Column),
    ("column", Style::Column),
    ("column chart", Style::Column),
    ("candlestick", Style::Candle),
    ("candlesticks", Style::Candle),
    ("candlestick chart", Style::Candle),
    ("candle chart", Style::Candle),
    ("japanese candles", Style::Candle),
];

const THEME_WORDS: &[(&str, Theme)] = &[
    ("dark", Theme::Dark),
    ("dark mode", Theme::Dark),
    ("dark theme", Theme::Dark),
    ("night mode", Theme::Dark),
    ("dark background", Theme::Dark),
    ("black background", Theme::Dark),
    ("light", Theme::Light),
    ("light mode", Theme::Light),
    ("light theme", Theme::Light),
    ("white background", Theme::Light),
    ("day mode", Theme::Light),
];

const FORMAT_WORDS: &[(&str, ImageFormat)] = &[
    ("jpeg", ImageFormat::Jpeg),
    ("jpg", ImageFormat::Jpeg),
    ("png", ImageFormat::Png),
];

const SCALE_WORDS: &[(&str, Scale)] = &[
    ("log", Scale::Logarithmic),
    ("log scale", Scale::Logarithmic),
    ("logarithmic", Scale::Logarithmic),
    ("logarithmic scale", Scale::Logarithmic),
    ("linear scale", Scale::Regular),
    ("percent scale", Scale::Percent),
    ("percentage scale", Scale::Percent),
    ("indexed to 100", Scale::IndexedTo100),
];

const SESSION_WORDS: &[(&str, Session)] = &[
    ("extended hours", Session::Extended),
    ("extended session", Session::Extended),
    ("extended trading hours", Session::Extended),
    ("pre market", Session::Extended),
    ("premarket", Session::Extended),
    ("after hours", Session::Extended),
    ("afterhours", Session::Extended),
    ("regular hours", Session::Regular),
    ("regular session", Session::Regular),
    ("rth", Session::Regular),
];

const TIMEZONE_WORDS: &[(&str, &str)] = &[
    ("utc", "Etc/UTC"),
    ("new york time", "America/New_York"),
    ("eastern time", "America/New_York"),
    ("chicago time", "America/Chicago"),
    ("central time", "America/Chicago"),
    ("los angeles time", "America/Los_Angeles"),
    ("pacific time", "America/Los_Angeles"),
    ("london time", "Europe/London"),
    ("berlin time", "Europe/Berlin"),
    ("tokyo time", "Asia/Tokyo"),
    ("hong kong time", "Asia/Hong_Kong"),
    ("singapore time", "Asia/Singapore"),
    ("sydney time", "Australia/Sydney"),
];

const SIZE_WORDS: &[(&str, SizeWord)] = &[
    ("hd", pixels(1280, 720)),
    ("720p", pixels(1280, 720)),
    ("full hd", pixels(1920, 1080)),
    ("fullhd", pixels(1920, 1080)),
    ("fhd", pixels(1920, 1080)),
    ("1080p", pixels(1920, 1080)),
    ("qhd", pixels(2560, 1440)),
    ("1440p", pixels(2560, 1440)),
    ("2k", pixels(2560, 1440)),
    ("4k", pixels(3840, 2160)),
    ("uhd", pixels(3840, 2160)),
    ("ultra hd", pixels(3840, 2160)),
    ("2160p", pixels(3840, 2160)),
    ("max resolution", SizeWord::PlanMax),
    ("maximum resolution", SizeWord::PlanMax),
    ("highest resolution", SizeWord::PlanMax),
    ("max size", SizeWord::PlanMax),
    ("maximum size", SizeWord::PlanMax),
    ("largest size", SizeWord::PlanMax),
];

const fn pixels(width: u32, height: u32) -> SizeWord {
    SizeWord::Pixels { width, height }
}

/// Registers the words this module reads.
pub(super) fn add_words(add: &mut dyn FnMut(&'static str, Meaning)) {
    for (word, style) in STYLE_WORDS {
        add(word, Meaning::Style(*style));
    }
    for (word, theme) in THEME_WORDS {
        add(word, Meaning::Theme(*theme));
    }
    for (word, format) in FORMAT_WORDS {
        add(word, Meaning::Format(*format));
    }
    for (word, scale) in SCALE_WORDS {
        add(word, Meaning::Scale(*scale));
    }
    for (word, session) in SESSION_WORDS {
        add(word, Meaning::Session(*session));
    }
    for (word, zone) in TIMEZONE_WORDS {
        add(word, Meaning::Timezone(zone));
    }
    for (word, size) in SIZE_WORDS {
        add(word, Meaning::Size(*size));
    }
}

/// Finds the appearance words left after the other passes.
pub(crate) fn find(sentence: &mut Sentence<'_>, findings: &mut Findings) {
    let mut at = 0;
    while at < sentence.len() {
        if !sentence.is_free(at) {
            at += 1;
            continue;
        }
        if let Some((size, end)) = size_at(sentence, at) {
            findings.set_size(Finding::new(size, sentence.quote(at..end)));
            sentence.claim(at..end);
            at = end;
            continue;
        }

        let source = sentence.quote(at..at + 1);
        let mut used = true;
        match sentence
            .meanings(at)
            .iter()
            .find(|meaning| is_appearance(meaning))
        {
            Some(Meaning::Style(style)) => findings.set_style(Finding::new(*style, source)),
            Some(Meaning::Theme(theme)) => findings.set_theme(Finding::new(*theme, source)),
            Some(Meaning::Format(format)) => findings.set_format(Finding::new(*format, source)),
            Some(Meaning::Scale(scale)) => findings.set_scale(Finding::new(*scale, source)),
            Some(Meaning::Session(session)) => {
                findings.set_session(Finding::new(*session, source));
            }
            Some(Meaning::Timezone(zone)) => findings.set_timezone(Finding::new(*zone, source)),
            _ => used = false,
        }
        if used {
            sentence.claim(at..at + 1);
        }
        at += 1;
    }
}

fn is_appearance(meaning: &Meaning) -> bool {
    matches!(
        meaning,
        Meaning::Style(_)
            | Meaning::Theme(_)
            | Meaning::Format(_)
            | Meaning::Scale(_)
            | Meaning::Session(_)
            | Meaning::Timezone(_)
    )
}

/// Reads a size at item `at`: `1920x1080`, "1920 x 1080", "1920 by 1080", or a size word.
fn size_at(sentence: &Sentence<'_>, at: usize) -> Option<(SizeWord, usize)> {
    if let Some(token) = sentence.single_token(at)
        && let TokenKind::Size { width, height } = token.kind
    {
        return Some((SizeWord::Pixels { width, height }, at + 1));
    }

    if let Some(width) = sentence.plain_number(at) {
        let joined = sentence
            .single_token(at + 1)
            .is_some_and(|token| matches!(token.key.as_str(), "x" | "by" | "×"));
        let height = sentence.plain_number(at + 2);
        if joined && let Some(height) = height {
            let whole = |value: f64| {
                (value.fract() == 0.0 && (1.0..=100_000.0).contains(&value)).then_some(value as u32)
            };
            if let (Some(width), Some(height)) = (whole(width), whole(height)) {
                return Some((SizeWord::Pixels { width, height }, at + 3));
            }
        }
    }

    let size = sentence.find(at, |meaning| match meaning {
        Meaning::Size(size) => Some(*size),
        _ => None,
    })?;
    let after_price_word = sentence.previous_word(at).is_some_and(|previous| {
        sentence.has(previous, |meaning| {
            matches!(meaning, Meaning::PriceCue | Meaning::RangeCue { .. })
        })
    });
    (!after_price_word).then_some((size, at + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings_of(text: &str) -> Findings {
        let mut sentence = Sentence::read(text);
        let mut findings = Findings::default();
        find(&mut sentence, &mut findings);
        findings
    }

    #[test]
    fn sizes_in_every_spelling() {
        let cases = [
            ("1920x1080", pixels(1920, 1080)),
            ("1920 x 1080", pixels(1920, 1080)),
            ("1280 by 720", pixels(1280, 720)),
            ("full hd", pixels(1920, 1080)),
            ("HD", pixels(1280, 720)),
            ("4K", pixels(3840, 2160)),
            ("max resolution", SizeWord::PlanMax),
        ];
        for (text, expected) in cases {
            let size = findings_of(text).size.map(|found| found.value);
            assert_eq!(size, Some(expected), "{text}");
        }
    }

    #[test]
    fn size_word_after_price_word_is_a_price() {
        assert_eq!(findings_of("above 4k").size, None);
    }

    #[test]
    fn styles_in_every_spelling() {
        let cases = [
            ("heikin-ashi", Style::HeikinAshi),
            ("hollow candles", Style::HollowCandle),
            ("baseline", Style::Baseline),
            ("line chart", Style::Line),
            ("bars", Style::Bar),
            ("area", Style::Area),
            ("hi-lo", Style::HiLo),
            ("columns", Style::Column),
        ];
        for (text, expected) in cases {
            let style = findings_of(text).style.map(|found| found.value);
            assert_eq!(style, Some(expected), "{text}");
        }
    }

    #[test]
    fn every_style_has_a_word() {
        for style in Style::ALL {
            assert!(
                STYLE_WORDS.iter().any(|(_, listed)| listed == style),
                "{style}"
            );
        }
    }
}
