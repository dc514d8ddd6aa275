<#assign name = ((lead.firstName)!"")?trim><#if name?has_content>${name}, thanks<#else>Thanks</#if> for stopping by our stand
