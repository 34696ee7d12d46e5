// twinsync's BM_OutgoingWithCommentFilter: summary, status, labels and the comments that are not internal.
replica.summary  = issue.summary
replica.status   = issue.status
replica.labels   = issue.labels
replica.comments = issue.comments.findAll { !it.internal }
