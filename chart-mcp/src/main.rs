//! MCP server for the chart service.

fn main() {}
