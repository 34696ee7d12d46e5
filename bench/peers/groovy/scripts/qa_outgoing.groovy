// examples/outsourced_qa/qa.sync, outgoing: QA's vetted bugs to the developers.
replica.key         = issue.key
replica.type        = issue.type
replica.summary     = issue.summary
replica.description = issue.description
replica.priority    = issue.priority
replica.labels      = issue.labels.findAll { it.label != "vetted" }
replica.reporter    = issue.reporter
replica.comments    = issue.comments.findAll { !it.internal }
replica.attachments = issue.attachments
