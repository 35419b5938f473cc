import type { ReactNode } from "react";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

/** A page that holds one form (a page that creates something): its header, then the form in a narrow card. */
export function FormPage({
  title,
  description,
  back,
  children,
}: {
  title: string;
  description: string;
  back: { href: string; label: string };
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={description} back={back} />
      <Card className="max-w-2xl">
        <CardBody className="py-6">{children}</CardBody>
      </Card>
    </>
  );
}
