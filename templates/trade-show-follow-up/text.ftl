<#-- The one follow-up for leads from a trade-show list (marketing). One tracked call to action; only those who click hear from us again. -->
<#import "/layout/text.ftl" as layout>
<@layout.email title="Thanks for stopping by our stand">
${layout.greeting()}

Thanks for stopping by our stand at the show. As promised, here are the slides we talked about: how marketing and sales agree on which leads are ready, and how nurture keeps the others warm.

If this is on your list for the coming months, have a look. If not, no problem: this is the only follow-up you get from us.

See the slides:
${track(layout.page("/trade-show/slides"))}

Best regards,
${sender.name}
</@layout.email>
