import Foundation
import Experiments

/// The 001 teacher-student experiment on the findings page: each finding 001 states, our
/// measurement and the verdict, one bullet each.
enum ExperimentFindings {
    static func section(_ ex: TeacherStudentExperiment.Result) -> String {
        var md = "**The teacher-student experiment** (001's findings on 000's setup; regularized GGN against gradient descent):\n"
        for f in ex.findings {
            let v = f.confirmed.map { $0 ? "**confirmed**" : "**not confirmed**" } ?? "**not testable as stated**"
            md += "- \(f.claim) → \(v): \(f.measured).\n"
        }
        return md + "\n"
    }
}
