// examples/outsourced_qa/dev.sync, outgoing: progress goes back to QA.
replica.key        = issue.key
replica.status     = issue.status
replica.resolution = issue.resolution
replica.comments   = issue.comments.findAll { !it.internal }
