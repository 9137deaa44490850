//! The typed vocabulary of the lineage: run and job statuses, the overall status of a
//! document, and the codes of warnings and errors. Each is the one place its strings
//! are written; everything else matches the enum.
//!
//! Statuses and codes that AWS reports are open-ended (AWS adds values): each such
//! enum keeps what it does not know in `Unknown(String)` and writes it back unchanged,
//! so a new value never breaks a document. Values serialize as their names, exactly
//! as AWS and the `/lineage` contract spell them, and sort by name (maps keyed by them
//! stay in the same order as when they were strings).

use std::fmt;

/// Defines an open string enum: the named variants, an `Unknown(String)` fallback,
/// `as_str`, conversions from strings, ordering by name, serde as a string, and an
/// OpenAPI string schema listing the known names.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, kept as written.
            Unknown(String),
        }

        impl $name {
            /// Every named value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The name, as AWS and the JSON contract write it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Unknown(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $( $text => $name::$variant, )*
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                match $name::from(text.as_str()) {
                    $name::Unknown(_) => $name::Unknown(text),
                    known => known,
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                match value {
                    $name::Unknown(text) => text,
                    known => known.as_str().to_string(),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok($name::from(text))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        /// By name: `Unknown("Failed")`, however it was made, is `Failed`.
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        /// By name, as the strings these values once were.
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map($name::from)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let known: Vec<&str> = $name::KNOWN.iter().map($name::as_str).collect();
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some(format!(
                        "One of {}, or a value AWS added since (kept as written).",
                        known.join(", ")
                    )))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

open_enum! {
    /// The status of a pipeline execution or of one of its steps, as SageMaker reports
    /// it, and the two a step has without a run of its own.
    pub enum RunStatus {
        Starting => "Starting",
        Executing => "Executing",
        Stopping => "Stopping",
        Stopped => "Stopped",
        Failed => "Failed",
        Succeeded => "Succeeded",
        /// A step with no run in the execution (ours).
        NotStarted => "NotStarted",
        /// A step on a branch its condition did not take (ours, for drawing).
        Skipped => "Skipped",
    }
}

impl RunStatus {
    /// A state a run does not leave by itself (a Failed execution may be retried, but
    /// then its status changes first).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            RunStatus::Succeeded | RunStatus::Failed | RunStatus::Stopped
        )
    }

    /// What a record that reports no status says: `Unknown`.
    pub fn not_reported() -> Self {
        RunStatus::Unknown("Unknown".to_string())
    }

    /// An execution in this state never changes again (a Failed one can be retried).
    pub fn is_final_execution(&self) -> bool {
        matches!(self, RunStatus::Succeeded | RunStatus::Stopped)
    }
}

impl Default for RunStatus {
    fn default() -> Self {
        RunStatus::Unknown(String::new())
    }
}

open_enum! {
    /// The status of a processing, training, transform, tuning or AutoML job, as
    /// SageMaker reports it.
    pub enum JobStatus {
        InProgress => "InProgress",
        Completed => "Completed",
        Failed => "Failed",
        Stopping => "Stopping",
        Stopped => "Stopped",
    }
}

impl JobStatus {
    /// A job in this state never changes again.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Failed | JobStatus::Stopped
        )
    }
}

impl Default for JobStatus {
    fn default() -> Self {
        JobStatus::Unknown(String::new())
    }
}

/// The status of a whole document: its execution's, folded into five.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OverallStatus {
    Succeeded,
    /// Running, or stopping.
    Executing,
    Failed,
    Stopped,
    /// No execution, or one whose status could not be read or is not known.
    #[default]
    Unknown,
}

impl OverallStatus {
    /// What an execution's status means for the whole document.
    pub fn of(status: &RunStatus) -> Self {
        match status {
            RunStatus::Succeeded => OverallStatus::Succeeded,
            RunStatus::Executing | RunStatus::Stopping => OverallStatus::Executing,
            RunStatus::Failed => OverallStatus::Failed,
            RunStatus::Stopped => OverallStatus::Stopped,
            _ => OverallStatus::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OverallStatus::Succeeded => "Succeeded",
            OverallStatus::Executing => "Executing",
            OverallStatus::Failed => "Failed",
            OverallStatus::Stopped => "Stopped",
            OverallStatus::Unknown => "Unknown",
        }
    }
}

impl fmt::Display for OverallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

open_enum! {
    /// Why something could not be read or understood: the code of a warning in a
    /// document, of a bucket probe that failed, and of an error answer.
    pub enum ErrorCode {
        // Reading AWS (warnings, probes, and errors when the pipeline itself fails).
        AccessDenied => "AccessDenied",
        NotFound => "NotFound",
        Throttled => "Throttled",
        Timeout => "Timeout",
        Unreachable => "Unreachable",
        Credentials => "Credentials",
        AwsError => "AwsError",
        TooLarge => "TooLarge",
        NoSuchBucket => "NoSuchBucket",
        /// A probe that failed for a reason no other code names.
        Error => "Error",
        // What the engine notices.
        NoExecutions => "NoExecutions",
        /// The region's lineage index has not finished its first pass yet: what it
        /// answers (deployments) is not known yet.
        IndexPending => "IndexPending",
        ReportUnreadable => "ReportUnreadable",
        ReportTruncated => "ReportTruncated",
        ReportsNotRead => "ReportsNotRead",
        MetricNotFinite => "MetricNotFinite",
        StepNotInDefinition => "StepNotInDefinition",
        UnknownStepReference => "UnknownStepReference",
        DuplicateStepName => "DuplicateStepName",
        // Error answers of the server (see its `ErrorCode` statuses).
        BadRequest => "BadRequest",
        Unauthorized => "Unauthorized",
        ProfileNotAllowed => "ProfileNotAllowed",
        PipelineNotFound => "PipelineNotFound",
        ExecutionNotFound => "ExecutionNotFound",
        DomainMismatch => "DomainMismatch",
        QueryTooLong => "QueryTooLong",
        InvalidDefinition => "InvalidDefinition",
        InternalError => "InternalError",
        AwsUnreachable => "AwsUnreachable",
        AwsCredentials => "AwsCredentials",
        AwsTimeout => "AwsTimeout",
        ServerFunctionError => "ServerFunctionError",
        /// The server runs without a lineage index (`--no-index`).
        IndexOff => "IndexOff",
        /// The lineage index's database could not be used.
        IndexUnavailable => "IndexUnavailable",
    }
}

impl ErrorCode {
    /// A failure that may pass by itself (AWS throttled, timed out, failed or could
    /// not be reached): an answer with it is incomplete for now, not for good.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ErrorCode::Throttled
                | ErrorCode::Timeout
                | ErrorCode::AwsError
                | ErrorCode::Unreachable
                | ErrorCode::IndexPending
        )
    }
}

impl Default for ErrorCode {
    fn default() -> Self {
        ErrorCode::Unknown(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_values_are_kept() {
        for s in RunStatus::KNOWN {
            assert_eq!(&RunStatus::from(s.as_str()), s);
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(&serde_json::from_str::<RunStatus>(&json).unwrap(), s);
        }
        let new: RunStatus = serde_json::from_str("\"Paused\"").unwrap();
        assert_eq!(new, RunStatus::Unknown("Paused".into()));
        assert_eq!(serde_json::to_string(&new).unwrap(), "\"Paused\"");
        assert_eq!(ErrorCode::from("Throttled"), ErrorCode::Throttled);
        assert!(ErrorCode::from("Timeout").is_transient());
        assert!(!ErrorCode::from("AccessDenied").is_transient());
        assert_eq!(String::from(JobStatus::from("Deleting")), "Deleting");
    }

    #[test]
    fn maps_keyed_by_status_keep_the_order_of_names() {
        let mut map = std::collections::BTreeMap::new();
        for s in [
            "Succeeded",
            "NotStarted",
            "Failed",
            "Executing",
            "Zeta",
            "Alpha",
        ] {
            map.insert(RunStatus::from(s), 1);
        }
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(
            json,
            r#"{"Alpha":1,"Executing":1,"Failed":1,"NotStarted":1,"Succeeded":1,"Zeta":1}"#
        );
        let back: std::collections::BTreeMap<RunStatus, u32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, map);
    }

    #[test]
    fn the_overall_status_folds_the_execution_status() {
        assert_eq!(
            OverallStatus::of(&RunStatus::Stopping),
            OverallStatus::Executing
        );
        assert_eq!(
            OverallStatus::of(&RunStatus::from("Whatever")),
            OverallStatus::Unknown
        );
        assert_eq!(
            serde_json::to_string(&OverallStatus::Failed).unwrap(),
            "\"Failed\""
        );
    }
}
