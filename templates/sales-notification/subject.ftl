<#-- Internal mail to sales (category SALES_NOTIFICATION): a new lead to review, a reminder, or an escalation. -->
<#assign who = [((lead.firstName)!""), ((lead.lastName)!"")]?filter(s -> s?has_content)?join(" ")>
<#assign at = ((lead.company)!"")?has_content?then(" (" + lead.company + ")", "")>
<#switch notification!"NEW_LEAD"><#case "REMINDER">Reminder: ${who?has_content?then(who, "a lead")}${at} still waits for your review<#break><#case "ESCALATION">Escalated: ${who?has_content?then(who, "a lead")}${at} has not been reviewed<#break><#default>New lead to review: ${who?has_content?then(who, "a lead")}${at}</#switch>
