//! The CORS check of a preflight's or a response's answer, recorded in the trace. The rule
//! itself, with the standard's steps, is [`crate::check::cors_check`].
//! <https://fetch.spec.whatwg.org/#cors-check>

use super::Fetch;
use crate::check::{CheckFailure, CheckInput, cors_check, mismatch};
use crate::headers::HeaderList;
use crate::reason::{AllowOriginProblem, Reason, Stage};
use crate::scenario::Credentials;
use crate::trace::StepKind;

impl Fetch<'_> {
    /// A CORS check for the request and an answer (`stage` says which), recorded.
    /// <https://fetch.spec.whatwg.org/#concept-cors-check>
    pub(super) fn cors_check(
        &mut self,
        stage: Stage,
        headers: &HeaderList,
        credentials: Credentials,
        origin: &str,
        status: u16,
    ) -> Result<(), Reason> {
        let input = CheckInput::read(headers);
        let lines = headers.get_all("access-control-allow-origin").len();
        let result = match cors_check(&input, credentials, origin) {
            Err(CheckFailure::AllowOrigin(problem)) => Err(CheckFailure::AllowOrigin(
                self.profile.allow_origin_problem(problem, lines, origin),
            )),
            other => other,
        };
        let problem = match &result {
            Err(CheckFailure::AllowOrigin(problem)) => Some(problem.clone()),
            Ok(()) | Err(CheckFailure::AllowCredentials(_)) => None,
        };
        let detail = match &problem {
            Some(AllowOriginProblem::Mismatch { value, origin }) => Some(mismatch(value, origin)),
            _ => None,
        };
        self.trace.record(StepKind::AllowOrigin {
            stage,
            allow_origin: input.allow_origin.clone(),
            origin: origin.to_string(),
            credentials,
            problem,
            mismatch: detail,
            lines,
            status,
        });
        match result {
            Ok(()) => {
                if credentials == Credentials::Include {
                    self.trace.record(StepKind::AllowCredentials {
                        stage,
                        value: input.allow_credentials,
                        ok: true,
                    });
                }
                Ok(())
            }
            Err(CheckFailure::AllowOrigin(problem)) => Err(Reason::AllowOrigin { stage, problem }),
            Err(CheckFailure::AllowCredentials(value)) => {
                self.trace.record(StepKind::AllowCredentials {
                    stage,
                    value: value.clone(),
                    ok: false,
                });
                Err(Reason::AllowCredentials { stage, value })
            }
        }
    }
}
