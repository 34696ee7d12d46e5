// Story Points leave as they are; the team goes by the other name the documentation shows.
replica.customFields."Story Points" = issue.customFields."Story Points"
replica.customFields["Team"] = issue.customFields["Team"]
