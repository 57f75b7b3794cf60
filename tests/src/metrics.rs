//! Prometheus scrapes of a node's `/metrics`.

use std::time::Duration;

/// One scrape of a node's Prometheus endpoint: the exposition text and its
/// samples.
pub struct Metrics {
	/// The text the node served.
	pub text: String,
	samples: Vec<(String, f64)>,
}

impl Metrics {
	/// `GET /metrics` from 127.0.0.1:`port` (HTTP/1.0, bounded by a timeout).
	pub fn scrape(port: u16) -> Self {
		use std::io::{Read, Write};
		let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))
			.unwrap_or_else(|e| panic!("connect to the Prometheus port {port}: {e}"));
		stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
		stream.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
		let mut response = String::new();
		stream.read_to_string(&mut response).unwrap();
		let (head, text) = response.split_once("\r\n\r\n").expect("an HTTP response");
		assert!(head.starts_with("HTTP/1.") && head.contains(" 200 "), "scrape: {head}");
		Self::parse(text.to_string())
	}

	/// The samples of exposition text: `name{labels} value` per line,
	/// comments skipped.
	pub fn parse(text: String) -> Self {
		let samples = text
			.lines()
			.filter(|l| !l.starts_with('#') && !l.trim().is_empty())
			.filter_map(|l| {
				let (series, value) = l.rsplit_once(' ')?;
				Some((series.to_string(), value.parse().ok()?))
			})
			.collect();
		Self { text, samples }
	}

	/// The value of the series `name` whose labels include every
	/// `key="value"` of `labels` (the first such series).
	pub fn get(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
		self.samples.iter().find_map(|(series, value)| {
			let (metric, rest) = series.split_once('{').unwrap_or((series.as_str(), ""));
			let matches = metric == name
				&& labels.iter().all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")));
			matches.then_some(*value)
		})
	}

	/// Like [`Self::get`], failing with the series that exist when it is absent.
	pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
		self.get(name, labels).unwrap_or_else(|| {
			let names: Vec<&str> = self
				.samples
				.iter()
				.map(|(s, _)| s.as_str())
				.filter(|s| s.starts_with(name))
				.collect();
			panic!("no series {name} with {labels:?}; series with that prefix: {names:?}")
		})
	}
}
