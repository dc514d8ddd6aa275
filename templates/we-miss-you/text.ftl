<#-- Re-engagement email (marketing) for leads sales returned to nurture: asks what the lead needs now. One tracked call to action. -->
<#import "/layout/text.ftl" as layout>
<@layout.email title="What would help you most right now?">
${layout.greeting()}

A little while ago you talked to one of our colleagues. Maybe the timing was not right, and that's fine.

We'd rather send you less, and only what helps. Tell us what you are working on, and we'll pick the content that fits.

Tell us what you need:
${track(layout.page("/preferences"))}

Best regards,
${sender.name}
</@layout.email>
