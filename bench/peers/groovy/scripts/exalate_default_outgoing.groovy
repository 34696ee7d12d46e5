// Exalate's default outgoing script (Jira Cloud), the 14 fields of twinsync's
// BM_ExalateDefaultOutgoing (bench/bench_language.cpp, kExalateDefault).
replica.key         = issue.key
replica.type        = issue.type
replica.assignee    = issue.assignee
replica.reporter    = issue.reporter
replica.summary     = issue.summary
replica.description = issue.description
replica.labels      = issue.labels
replica.comments    = issue.comments
replica.resolution  = issue.resolution
replica.status      = issue.status
replica.parent      = issue.parent
replica.priority    = issue.priority
replica.attachments = issue.attachments
replica.project     = issue.project
