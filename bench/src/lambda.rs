//! Runs a function's `bootstrap` as Lambda does: a fresh process with the function's
//! environment, fetching events from the emulated runtime API.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::backends::Backends;
use crate::runtime_api::{Ending, Outcome, RuntimeApi};
use crate::stats::{ProcessMemory, Summary};
use crate::workload::Workload;

/// How long one invocation may take before the run is abandoned.
const INVOCATION_LIMIT: Duration = Duration::from_secs(30);

type Failure = Box<dyn std::error::Error>;

/// A bootstrap process, killed when dropped.
struct Instance {
    child: Child,
}

impl Instance {
    /// Starts `bootstrap` with only `env` and `AWS_LAMBDA_RUNTIME_API`; its stdout and stderr
    /// (the function's logs) are appended to `log`.
    fn spawn(
        bootstrap: &Path,
        env: &[(String, String)],
        runtime_api: &RuntimeApi,
        log: &Path,
    ) -> Result<Self, Failure> {
        let output = File::options().create(true).append(true).open(log)?;
        let child = Command::new(bootstrap)
            .env_clear()
            .envs(env.iter().map(|(name, value)| (name, value)))
            .env("AWS_LAMBDA_RUNTIME_API", runtime_api.host())
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output)
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", bootstrap.display()))?;
        Ok(Instance { child })
    }

    fn memory(&self) -> ProcessMemory {
        ProcessMemory::read(self.child.id()).unwrap_or_default()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One measurement run: the bootstrap, the servers it uses, its workload and its log file.
pub struct LambdaRun<'a> {
    pub bootstrap: PathBuf,
    pub backends: &'a Backends,
    pub workload: &'a Workload,
    pub log: PathBuf,
}

impl LambdaRun<'_> {
    /// Starts a fresh process `runs` times, each with one event already queued, and reports the
    /// time from starting the process to receiving its first response.
    pub async fn cold_starts(&self, runs: usize) -> Result<(), Failure> {
        let function = self.workload.function();
        let env = self.backends.function_env(function);
        let mut to_first_poll = Vec::new();
        let mut to_response = Vec::new();
        let mut first_invocation = Vec::new();
        let mut peaks = Vec::new();

        for run in 1..=runs {
            let mut runtime_api =
                RuntimeApi::start(&env_value(&env, "AWS_LAMBDA_FUNCTION_NAME")).await?;
            let request_id = runtime_api.request_id();
            let outcome = runtime_api.invoke(&request_id, self.workload.next_event(&request_id));

            let started = Instant::now();
            let instance = Instance::spawn(&self.bootstrap, &env, &runtime_api, &self.log)?;
            let outcome = tokio::time::timeout(INVOCATION_LIMIT, outcome)
                .await
                .map_err(|_| format!("run {run}: no response within {INVOCATION_LIMIT:?}"))??;
            let memory = instance.memory();
            drop(instance);

            self.check(&outcome, run)?;
            to_first_poll.push(outcome.polled_at - started);
            to_response.push(outcome.ended_at - started);
            first_invocation.push(outcome.duration());
            peaks.push(memory.peak_kib);
        }

        println!("cold start of {} ({} runs)", function.name(), runs);
        print_summary("  start to first GET next     ", &to_first_poll);
        print_summary("  start to first response     ", &to_response);
        print_summary("  first invocation (billed)   ", &first_invocation);
        peaks.sort_unstable();
        println!(
            "  VmHWM after first response   median={:.1}MiB max={:.1}MiB",
            peaks[peaks.len() / 2] as f64 / 1024.0,
            peaks[peaks.len() - 1] as f64 / 1024.0
        );
        Ok(())
    }

    /// Starts one process and sends it `count` events one after another, after one unmeasured
    /// cold invocation, and reports the duration of each warm invocation and the process's
    /// peak memory.
    pub async fn warm_invocations(&self, count: usize) -> Result<(), Failure> {
        let function = self.workload.function();
        let env = self.backends.function_env(function);
        let mut runtime_api =
            RuntimeApi::start(&env_value(&env, "AWS_LAMBDA_FUNCTION_NAME")).await?;
        let instance = Instance::spawn(&self.bootstrap, &env, &runtime_api, &self.log)?;
        let mut after_first = None;

        let mut durations = Vec::with_capacity(count);
        for invocation in 0..=count {
            let request_id = runtime_api.request_id();
            let event = self.workload.next_event(&request_id);
            let outcome = runtime_api.invoke(&request_id, event);
            let outcome = tokio::time::timeout(INVOCATION_LIMIT, outcome)
                .await
                .map_err(|_| {
                    format!("invocation {invocation}: no response within {INVOCATION_LIMIT:?}")
                })??;
            self.check(&outcome, invocation)?;
            if invocation == 0 {
                after_first = Some(instance.memory());
            } else {
                durations.push(outcome.duration());
            }
        }
        let memory = instance.memory();
        drop(instance);

        println!(
            "warm invocations of {} through the runtime API, one at a time",
            function.name()
        );
        print_summary("  event handed over to response", &durations);
        let after_first = after_first.unwrap_or_default();
        println!(
            "  process memory after the cold invocation: {after_first}; after the last: {memory}"
        );
        Ok(())
    }

    fn check(&self, outcome: &Outcome, run: usize) -> Result<(), Failure> {
        let status = outcome.status_code();
        let accepted = outcome.ending == Ending::Response
            && status.is_some_and(|status| self.workload.accepts(status));
        if accepted {
            return Ok(());
        }
        let body = String::from_utf8_lossy(&outcome.body);
        let excerpt: String = body.chars().take(600).collect();
        Err(format!(
            "run {run}: {:?} with status {status:?}: {excerpt} (function logs in {})",
            outcome.ending,
            self.log.display()
        )
        .into())
    }
}

fn env_value(env: &[(String, String)], name: &str) -> String {
    env.iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
        .unwrap_or_default()
}

pub fn print_summary(label: &str, samples: &[Duration]) {
    match Summary::of(samples) {
        Some(summary) => println!("{label} {summary}"),
        None => println!("{label} no samples"),
    }
}
