if (firstSync) {
  issue.projectKey = "DEV"
  issue.typeName   = nodeHelper.getIssueType(replica.type?.name, issue.projectKey)?.name ?: "Task"
}
issue.customFields."Story Points".value = replica.customFields."Story Points".value
issue.customFields."Team".value = replica.customFields."Team"?.value
