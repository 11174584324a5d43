//! chart-img's drawings and the inputs each one requires.

/// One drawing chart-img can place on a chart.
#[derive(Debug)]
pub struct DrawingSpec {
    /// The exact name chart-img expects.
    pub name: &'static str,
    /// Input keys chart-img needs to place the drawing.
    pub required: &'static [&'static str],
    /// Input keys chart-img also reads when present.
    pub optional: &'static [&'static str],
}

const SPAN: &[&str] = &["startDatetime", "startPrice", "endDatetime", "endPrice"];
const POSITION: &[&str] = &["startDatetime", "entryPrice", "targetPrice", "stopPrice"];
const MARK: &[&str] = &["datetime", "price"];

/// Every drawing chart-img documents.
pub const DRAWINGS: &[DrawingSpec] = &[
    DrawingSpec {
        name: "Horizontal Line",
        required: &["price"],
        optional: &["text"],
    },
    DrawingSpec {
        name: "Vertical Line",
        required: &["datetime"],
        optional: &["text"],
    },
    DrawingSpec {
        name: "Trend Line",
        required: SPAN,
        optional: &["text"],
    },
    DrawingSpec {
        name: "Rectangle",
        required: SPAN,
        optional: &["text"],
    },
    DrawingSpec {
        name: "Fib Retracement",
        required: SPAN,
        optional: &[],
    },
    DrawingSpec {
        name: "Date Range",
        required: SPAN,
        optional: &[],
    },
    DrawingSpec {
        name: "Date Price Range",
        required: SPAN,
        optional: &[],
    },
    DrawingSpec {
        name: "Long Position",
        required: POSITION,
        optional: &["endDatetime"],
    },
    DrawingSpec {
        name: "Short Position",
        required: POSITION,
        optional: &["endDatetime"],
    },
    DrawingSpec {
        name: "Arrow Mark Up",
        required: MARK,
        optional: &["text"],
    },
    DrawingSpec {
        name: "Arrow Mark Down",
        required: MARK,
        optional: &["text"],
    },
    DrawingSpec {
        name: "Text",
        required: &["datetime", "price", "text"],
        optional: &[],
    },
    DrawingSpec {
        name: "Order Line",
        required: &["text", "quantity"],
        optional: &["price"],
    },
];

impl DrawingSpec {
    /// Finds a drawing by its exact chart-img name.
    pub fn find(name: &str) -> Option<&'static DrawingSpec> {
        DRAWINGS.iter().find(|spec| spec.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (index, spec) in DRAWINGS.iter().enumerate() {
            assert!(
                DRAWINGS[index + 1..]
                    .iter()
                    .all(|other| other.name != spec.name),
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn find_is_exact() {
        assert!(DrawingSpec::find("Long Position").is_some());
        assert!(DrawingSpec::find("long position").is_none());
    }
}
