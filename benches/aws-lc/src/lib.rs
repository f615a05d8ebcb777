//! Nothing but the benchmark in `benches/aws_lc.rs`: this package exists so
//! that the `aws-lc-rs` features it turns on stay out of the workspace's
//! other builds (cargo unifies features within one build).
